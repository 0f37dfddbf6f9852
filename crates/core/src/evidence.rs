//! What may be attached as evidence: a size limit and a short list of document and image
//! types, recognised by their content (not only their name), so nothing executable or active
//! (HTML, SVG, scripts) is ever stored and served back.

use crate::message::Message;
use sha2::{Digest, Sha256};

pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// The file types accepted: extension, content type, how the content starts.
const TYPES: [(&str, &str, &[u8]); 8] = [
    ("pdf", "application/pdf", b"%PDF-"),
    ("png", "image/png", b"\x89PNG\r\n\x1a\n"),
    ("jpg", "image/jpeg", b"\xff\xd8\xff"),
    ("jpeg", "image/jpeg", b"\xff\xd8\xff"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
    ("txt", "text/plain; charset=utf-8", b""),
    ("csv", "text/csv; charset=utf-8", b""),
];

/// An accepted file: its cleaned name, content type and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    pub file_name: String,
    pub content_type: &'static str,
    pub sha256: String,
}

/// Checks a file to attach; the message says what is wrong.
pub fn check(file_name: &str, bytes: &[u8]) -> Result<Accepted, Message> {
    if bytes.is_empty() {
        return Err(Message::new("evidence.error.empty"));
    }
    if bytes.len() > MAX_BYTES {
        return Err(Message::new("evidence.error.too_large").arg("max", MAX_BYTES / 1024 / 1024));
    }
    let name: String = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>'))
        .take(120)
        .collect();
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let Some((_, content_type, magic)) = TYPES.iter().find(|(e, ..)| *e == ext) else {
        return Err(
            Message::new("evidence.error.type").arg("types", "PDF, PNG, JPEG, Excel, Word, テキスト, CSV")
        );
    };
    let text_ok = magic.is_empty() && (std::str::from_utf8(bytes).is_ok() || looks_like_shift_jis(bytes));
    if !(bytes.starts_with(magic) && (!magic.is_empty() || text_ok)) {
        return Err(Message::new("evidence.error.content").arg("ext", ext));
    }
    Ok(Accepted { file_name: name, content_type, sha256: hex::encode(Sha256::digest(bytes)) })
}

/// Text from Japanese Windows is often Shift_JIS: accept it if it has no control bytes.
fn looks_like_shift_jis(bytes: &[u8]) -> bool {
    !bytes.iter().any(|b| *b < 0x09 || (0x0e..0x20).contains(b) && *b != 0x1b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_and_images_are_accepted_by_content() {
        let pdf = check("台帳.pdf", b"%PDF-1.7 ...").unwrap();
        assert_eq!((pdf.file_name.as_str(), pdf.content_type), ("台帳.pdf", "application/pdf"));
        assert_eq!(pdf.sha256.len(), 64);
        assert!(check("写真.PNG", b"\x89PNG\r\n\x1a\n....").is_ok());
        assert!(check("メモ.txt", "連絡体制図の更新".as_bytes()).is_ok());
    }

    #[test]
    fn names_lie_contents_do_not() {
        assert_eq!(check("evil.pdf", b"<html><script>").unwrap_err().key, "evidence.error.content");
        assert_eq!(check("page.html", b"<html>").unwrap_err().key, "evidence.error.type");
        assert_eq!(check("image.svg", b"<svg>").unwrap_err().key, "evidence.error.type");
        assert_eq!(check("noext", b"%PDF-").unwrap_err().key, "evidence.error.type");
    }

    #[test]
    fn size_and_emptiness_are_checked_and_paths_dropped() {
        assert_eq!(check("a.txt", b"").unwrap_err().key, "evidence.error.empty");
        assert_eq!(check("a.txt", &vec![b'a'; MAX_BYTES + 1]).unwrap_err().key, "evidence.error.too_large");
        assert_eq!(check("C:\\\\Users\\\\x\\\\報告.pdf", b"%PDF-").unwrap().file_name, "報告.pdf");
    }
}
