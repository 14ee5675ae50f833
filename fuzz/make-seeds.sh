#!/usr/bin/env bash
# Regenerates fuzz/seeds/ (the small committed seed corpora) from fixtures/.
# Run from anywhere; needs python3 only for splitting the bundle into sections.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=fuzz/seeds
rm -rf "$seeds"
mkdir -p "$seeds"/{bundle_decode,bundle_sections,number,sms,rules,csv,patch_decode}

# Whole bundles: the embedded default, and any signed example next to it.
cp core/data/default.bundle "$seeds/bundle_decode/default.bundle"

# Sections: byte 0 = header, 1.. = the sections in table order (see the target).
python3 - "$seeds/bundle_sections" core/data/default.bundle <<'PY'
import struct, sys
out, path = sys.argv[1], sys.argv[2]
b = open(path, "rb").read()
hlen = struct.unpack_from("<I", b, 12)[0]
open(f"{out}/0-header", "wb").write(b"\x00" + b[16:16 + hlen])
# The section bytes themselves: cut at the 8-aligned boundaries after the header.
# Offsets are varints inside the header; rather than decode bincode here, seed
# each section with the whole body after the header (the fuzzer trims it).
body = b[16 + hlen:-4]
for i in (1, 2):
    open(f"{out}/{i}-section", "wb").write(bytes([i]) + body)
PY

# Numbers: every pattern of the fixtures' lists and every number of the replay.
i=0
for n in $(grep -hv '^#' fixtures/lists/*.csv | grep -v '^pattern' | cut -d, -f1 | tr -d ' ' | sort -u) \
         $(grep -o '"number": "[^"]*"' fixtures/replay/gym-week.jsonl | cut -d'"' -f4 | tr -d ' ' | sort -u | head -20); do
  printf '\000%s' "$n" > "$seeds/number/n$i"; i=$((i + 1))
done
# The first byte picks the region (0 = CN, see the target).
printf '\000%s' '+86 (10) 6900-0012' > "$seeds/number/spaced"
printf '\000%s' '00852 2345 6789' > "$seeds/number/intl"
printf '\000%s' '１３８００１３８０００' > "$seeds/number/fullwidth"

# CSV sources: the fixtures' lists as they are.
for f in fixtures/lists/*.csv; do cp "$f" "$seeds/csv/$(basename "$f")"; done

# Messages we wrote ourselves (sender, newline, body).
printf '95588\n【工商银行】您的验证码为 482913，5分钟内有效，请勿泄露。' > "$seeds/sms/bank-code"
printf '1069000012345\n【某贷】您有一笔 50000 元额度待领取，点击 http://x.example/a 领取，回T退订' > "$seeds/sms/loan"
printf '10690000\n尊敬的客户，新楼盘开盘特惠，首付低至 10 万，详询 138 0000 0000。拒收请回复R' > "$seeds/sms/estate"
printf '13800138000\n妈，我晚上回家吃饭' > "$seeds/sms/family"
printf '\nYour parcel is at the locker, code 5512. Reply STOP to opt out' > "$seeds/sms/courier-en"
# Runs that made the entity search quadratic before its repetitions were bounded (issue 17);
# 4 KiB each (the targets' max_len is 8 KiB), so the fuzzer mutates from them.
for unit in '9.' '1.' '1' '9.9,'; do
  { printf '10690000\n'; python3 -c "import sys; sys.stdout.write(sys.argv[1] * (4096 // len(sys.argv[1])))" "$unit"; } \
    > "$seeds/sms/run-$(printf '%s' "$unit" | od -An -tx1 | tr -d ' \n')"
done

# Rule documents.
cat > "$seeds/rules/mixed.json" <<'JSON'
{"schema":1,"rules":[
 {"id":"bank","number":"95588","action":"allow"},
 {"id":"range","number":"+86170*","action":"block","category":"harassment"},
 {"id":"re","number_regex":"^86106","action":"silence"},
 {"id":"kw","keywords":["贷款","理财"],"action":"junk","category":"loan"},
 {"id":"night","keywords":["优惠"],"action":"silence","window":{"from":"22:00","to":"07:00","days":[1,2,3,4,5]}},
 {"id":"body","body_regex":"回\\s*t\\s*退订","action":"junk"}]}
JSON
printf '%s' '{"schema":1,"rules":[]}' > "$seeds/rules/empty.json"
printf '%s' '{"schema":1,"rules":[{"id":"x","body_regex":"(a+)+$","action":"junk"}]}' > "$seeds/rules/backtrack.json"
# Patches: the target builds its base and four known-good patches itself; a
# first byte of 2..5 picks one (the rest: offset/xor edits), 1 a raw patch
# behind a recomputed checksum.
for i in 0 1 2 3; do printf "\\$(printf '%03o' $((i + 2)))" > "$seeds/patch_decode/good-$i"; done
printf '\002\020\000\001' > "$seeds/patch_decode/edit-0"
printf '\001BURAOPCH\001\000\000\000\000\000\000\000' > "$seeds/patch_decode/raw"
echo "seeds written to $seeds"
