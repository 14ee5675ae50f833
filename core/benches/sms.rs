//! SMS verdict speed: the whole path (normalise, features, model, policy)
//! against a plain keyword regex, plus model load time from bundle bytes.
//! Prints a comparison table after criterion's own report.

use std::hint::black_box;
use std::time::Instant;

use burao_core::bundle::{Bundle, SECTION_SMS_MODEL};
use burao_core::sms::model::Model;
use burao_core::sms::MAX_SMS_BYTES;
use burao_core::{Screener, DEFAULT_BUNDLE};
use criterion::{criterion_group, Criterion};
use regex::Regex;

/// Messages we wrote, about 70 characters each.
const MESSAGES: [&str; 4] = [
    "【速借】尊敬的客户，您有一笔50000元额度待领取，无抵押当天到账，点击 t.cn/Ab12 立即申请，回T退订",
    "【顺丰速运】您的快件已到达小区驿站，请凭取件码 3-2-1045 于今日18:00前领取，如有疑问请致电95338查询。",
    "Hi mum, train was late so I'll be home around 8. Can you save me some dinner please? Love you x",
    "【安心保】您好，百万医疗险限时特惠，每月仅需9.9元，家人健康有保障，详询400-123-4567，拒收请回复R",
];

fn baseline() -> Regex {
    Regex::new("贷款|借款|额度|保险|医疗险|楼盘|房源|中奖|退订|拒收|优惠|特惠|free|prize|win")
        .unwrap()
}

fn model_bytes() -> Vec<u8> {
    let b = Bundle::from_static(DEFAULT_BUNDLE).expect("default bundle");
    b.section(SECTION_SMS_MODEL)
        .expect("the default bundle carries an SMS model")
        .to_vec()
}

fn benches(c: &mut Criterion) {
    let s = Screener::with_default_bundle();
    let re = baseline();
    let bytes = model_bytes();
    c.bench_function("sms_verdict", |b| {
        b.iter(|| {
            for m in MESSAGES {
                black_box(s.screen_sms("1069012345678", black_box(m), false).unwrap());
            }
        })
    });
    c.bench_function("keyword_regex", |b| {
        b.iter(|| {
            for m in MESSAGES {
                black_box(re.is_match(black_box(m)));
            }
        })
    });
    c.bench_function("model_load", |b| {
        b.iter(|| black_box(Model::from_bytes(black_box(&bytes)).unwrap()))
    });
}

criterion_group!(group, benches);

fn per_call(mut f: impl FnMut(), n: u32) -> f64 {
    for _ in 0..n / 10 {
        f();
    }
    let t = Instant::now();
    for _ in 0..n {
        f();
    }
    t.elapsed().as_secs_f64() * 1e6 / n as f64
}

fn main() {
    group();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
    let s = Screener::with_default_bundle();
    let re = baseline();
    let bytes = model_bytes();
    let n = MESSAGES.len() as f64;
    let verdict = per_call(
        || {
            for m in MESSAGES {
                black_box(s.screen_sms("1069012345678", m, false).unwrap());
            }
        },
        20_000,
    ) / n;
    let regex = per_call(
        || {
            for m in MESSAGES {
                black_box(re.is_match(m));
            }
        },
        20_000,
    ) / n;
    let load = per_call(|| drop(black_box(Model::from_bytes(&bytes).unwrap())), 200);
    // Hostile bodies of the largest size screened (issue 17: ≤ 10 ms whatever
    // the content); the median of 11 runs each.
    let hostile: Vec<(&str, f64)> = ["9.", "1.", "1", "9.9,", "a.b"]
        .into_iter()
        .map(|unit| {
            let body = unit.repeat(MAX_SMS_BYTES / unit.len());
            let mut runs: Vec<f64> = (0..11)
                .map(|_| {
                    per_call(
                        || drop(black_box(s.screen_sms("10690000", &body, false))),
                        1,
                    )
                })
                .collect();
            runs.sort_by(f64::total_cmp);
            (unit, runs[5] / 1000.0)
        })
        .collect();
    let chars: usize = MESSAGES.iter().map(|m| m.chars().count()).sum();
    println!();
    println!(
        "| what (mean of {} messages, {:.0} chars avg) | µs | target |",
        MESSAGES.len(),
        chars as f64 / n
    );
    println!("| --- | ---: | --- |");
    println!("| whole SMS verdict | {verdict:.2} | ≤ 5 µs (issue 17) |");
    println!("| keyword regex baseline | {regex:.2} | — |");
    println!(
        "| model load from {} bytes | {load:.0} | ≤ 2000 µs |",
        bytes.len()
    );
    println!();
    println!(
        "| {} KiB body of … repeated | ms (median of 11) | target |",
        MAX_SMS_BYTES >> 10
    );
    println!("| --- | ---: | --- |");
    for (unit, ms) in hostile {
        println!("| `{unit}` | {ms:.2} | ≤ 10 ms |");
    }
}
