//! Traditional→Simplified, one character for one (see `to_simplified`).
//!
//! The table is generated data (`t2s_table.rs`, written by
//! `scripts/gen-t2s.py` from fast2s 0.3.1's `src/t2s.txt`, MIT); the code is
//! here.

/// (Traditional, Simplified) code points, sorted by the first.
static T2S: &[(u16, u16)] = &include!("t2s_table.rs");

/// The Simplified form of a Traditional character, or the character itself.
/// Character by character, without fast2s's few context rules (乾隆 keeps 乾
/// there): the classifier's features need the common form, not the best
/// reading.
pub fn to_simplified(c: char) -> char {
    let Ok(code) = u16::try_from(u32::from(c)) else {
        return c;
    };
    // Outside the table's range (ASCII, punctuation, kana…): no search.
    let (Some(first), Some(last)) = (T2S.first(), T2S.last()) else {
        return c;
    };
    if code < first.0 || code > last.0 {
        return c;
    }
    match T2S.binary_search_by_key(&code, |&(t, _)| t) {
        Ok(i) => char::from_u32(u32::from(T2S[i].1)).unwrap_or(c),
        Err(_) => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_holds_ideographs_only() {
        // The normaliser looks up ideographs only (issue 17): any other
        // character must map to itself.
        use crate::sms::normalize::is_cjk;
        for &(t, s) in T2S.iter() {
            let (t, s) = (u32::from(t), u32::from(s));
            assert!(char::from_u32(t).is_some_and(is_cjk), "U+{t:04X}");
            assert!(char::from_u32(s).is_some_and(is_cjk), "U+{s:04X}");
        }
    }

    #[test]
    fn the_table_is_fast2s_character_by_character() {
        assert!(
            T2S.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted, no duplicates"
        );
        for &(t, s) in T2S.iter() {
            let t = char::from_u32(u32::from(t)).unwrap();
            // Between two spaces fast2s's context rules never fire.
            let theirs = fast2s::convert(&format!(" {t} "));
            let mine: String = format!(" {t} ").chars().map(to_simplified).collect();
            assert_eq!(mine, theirs, "U+{:04X}", u32::from(t));
            assert_eq!(u32::from(to_simplified(t)), u32::from(s));
        }
        let text = "銀行帳戶凍結，請點擊連結驗證";
        let mine: String = text.chars().map(to_simplified).collect();
        assert_eq!(mine, fast2s::convert(text));
        assert_eq!(to_simplified('a'), 'a');
        assert_eq!(to_simplified('😀'), '😀');
    }
}
