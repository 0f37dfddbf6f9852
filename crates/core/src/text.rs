//! Text normalisation for what people type: Japanese IMEs happily produce full-width
//! digits and letters (１２３, ＡＢＣ) where a code or an id is expected.

/// Converts full-width ASCII variants (U+FF01–U+FF5E) and the ideographic space to ASCII,
/// and trims. Everything else (kana, kanji) is left as typed.
pub fn to_half_width(input: &str) -> String {
    // Trimming first is the same as trimming after: the ideographic space is whitespace
    // either way, and the characters mapped are never whitespace.
    input.trim().chars().map(half_width).collect()
}

/// One character as [`to_half_width`] converts it.
pub fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_letters_and_spaces_become_ascii() {
        assert_eq!(to_half_width("　１２３ＡＢｃ－＠　"), "123ABc-@");
    }

    #[test]
    fn kana_and_kanji_are_kept() {
        assert_eq!(to_half_width("さくら病院ｶﾅ"), "さくら病院ｶﾅ");
    }
}
