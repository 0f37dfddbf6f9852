//! The per-year code an administrator hands to staff so they can answer the staff check without
//! an account. Twelve characters from an alphabet without look-alikes (no 0/O, 1/I), shown in
//! groups of four; only a hash of it is ever stored.

/// The characters a code is made of.
pub const ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// Characters in a code: 60 random bits, out of reach of guessing behind the rate limit.
pub const LENGTH: usize = 12;

/// A code from random bytes (each byte picks a character; 256 is a multiple of 32, so every
/// character is equally likely).
pub fn from_random(bytes: [u8; LENGTH]) -> String {
    bytes.iter().map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()])).collect()
}

/// The code as typed: full-width or lower-case letters, spaces and hyphens are fine. `None` when
/// it cannot be a code at all.
pub fn normalize(input: &str) -> Option<String> {
    let code: String = crate::text::to_half_width(input)
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '\u{3000}' | 'ー'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == LENGTH && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

/// `ABCD-EFGH-JKLM`, as it is printed for staff.
pub fn display(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_reads_back_however_it_is_typed() {
        let code = from_random([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 31, 255]);
        assert_eq!(code, "ABCDEFGHJK99");
        assert_eq!(display(&code), "ABCD-EFGH-JK99");
        assert_eq!(normalize("abcd-efgh-jk99").as_deref(), Some("ABCDEFGHJK99"));
        assert_eq!(normalize("ＡＢＣＤ ＥＦＧＨ ＪＫ９９").as_deref(), Some("ABCDEFGHJK99"));
        assert_eq!(normalize("ABCD-EFGH-JK90"), None, "0 is not in the alphabet");
        assert_eq!(normalize("ABCD"), None);
    }
}
