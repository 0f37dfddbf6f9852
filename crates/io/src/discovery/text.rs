//! Text as Windows and Linux tools write it: UTF-8 with or without BOM, Shift_JIS (a Japanese
//! console redirected to a file), UTF-16LE (PowerShell's default on older Windows). Anything
//! else is refused with the line where it stops making sense.

use encoding_rs::{SHIFT_JIS, UTF_16BE, UTF_16LE};
use iryosec_core::Message;

/// Decodes a whole file, or says on which line the encoding cannot be read.
pub fn decode(bytes: &[u8]) -> Result<String, (u64, Message)> {
    let unreadable = |line: u64| (line, Message::new("discovery.error.encoding"));
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest)
            .map(str::to_owned)
            .map_err(|e| unreadable(line_at(rest, e.valid_up_to())));
    }
    let utf16 = if bytes.starts_with(&[0xFF, 0xFE]) {
        Some((UTF_16LE, &bytes[2..]))
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Some((UTF_16BE, &bytes[2..]))
    } else if looks_like_utf16le(bytes) {
        Some((UTF_16LE, bytes))
    } else {
        None
    };
    if let Some((encoding, body)) = utf16 {
        return encoding
            .decode_without_bom_handling_and_without_replacement(body)
            .map(|t| t.into_owned())
            .ok_or_else(|| unreadable(first_bad_line(&encoding.decode_without_bom_handling(body).0)));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    if bytes.contains(&0) {
        return Err(unreadable(line_at(bytes, bytes.iter().position(|b| *b == 0).unwrap_or(0))));
    }
    SHIFT_JIS
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|t| t.into_owned())
        .ok_or_else(|| unreadable(first_bad_line(&SHIFT_JIS.decode_without_bom_handling(bytes).0)))
}

/// UTF-16LE without a BOM: ASCII text with a zero after nearly every character.
fn looks_like_utf16le(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(512) & !1];
    let pairs = sample.len() / 2;
    pairs >= 2 && sample.chunks(2).filter(|p| p[1] == 0 && p[0] != 0).count() * 10 >= pairs * 9
}

fn line_at(bytes: &[u8], at: usize) -> u64 {
    1 + bytes[..at.min(bytes.len())].iter().filter(|b| **b == b'\n').count() as u64
}

fn first_bad_line(decoded: &str) -> u64 {
    let at = decoded.find('\u{FFFD}').unwrap_or(decoded.len());
    line_at(decoded.as_bytes(), at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_encoding_windows_writes_is_read_and_others_name_their_line() {
        let text = "名前,IP\r\n受付,192.168.1.1\r\n";
        assert_eq!(decode(text.as_bytes()).unwrap(), text);
        let (sjis, _, _) = SHIFT_JIS.encode(text);
        assert_eq!(decode(&sjis).unwrap(), text);
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&utf16).unwrap(), text);
        let plain16: Vec<u8> = "Name,IP\r\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&plain16).unwrap(), "Name,IP\r\n");
        let mut broken = b"a,b\nc,d\n".to_vec();
        broken.extend([0x82, 0xFF, 0xFE, b'\n']);
        let (line, m) = decode(&broken).unwrap_err();
        assert_eq!((line, m.key), (3, "discovery.error.encoding"));
    }
}
