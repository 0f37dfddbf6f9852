//! Seed inputs of the upload form target: forms as browsers send them, written here by hand.

/// One seed: the control byte, the boundary and the body, as [`super::multipart`] reads them.
fn input(control: u8, boundary: &str, body: &str) -> Vec<u8> {
    let mut bytes = vec![control];
    bytes.extend_from_slice(boundary.as_bytes());
    bytes.push(b'\n');
    bytes.extend_from_slice(body.as_bytes());
    bytes
}

/// A part of a form: a text field, or a file when it has a file name.
fn part(boundary: &str, name: &str, file_name: Option<&str>, content: &str) -> String {
    let disposition = match file_name {
        Some(file) => format!("form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: text/csv"),
        None => format!("form-data; name=\"{name}\""),
    };
    format!("--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n{content}\r\n")
}

fn form(boundary: &str, parts: &[(&str, Option<&str>, &str)]) -> String {
    let mut body: String = parts.iter().map(|(n, f, c)| part(boundary, n, *f, c)).collect();
    body.push_str(&format!("--{boundary}--\r\n"));
    body
}

/// Every seed as (file name, bytes); `scripts/fuzz seed` writes them as `seed-<name>`.
pub fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let b = "----iryosecFormBoundary7MA4YWxk";
    let ledger = "管理番号,機器名\r\nA-001,電子カルテ端末\r\n";
    vec![
        ("ledger", input(63, b, &form(b, &[("_csrf", None, "token"), ("file", Some("台帳.csv"), ledger)]))),
        (
            "bundles",
            input(7, b, &form(b, &[("files", Some("a.json"), "{}"), ("files", Some("b.json"), "[]")])),
        ),
        ("empty_file", input(63, b, &form(b, &[("file", Some(""), ""), ("note", None, "メモ")]))),
        ("over_limit", input(0x40 | 63, b, &form(b, &[("file", Some("big.csv"), &"x".repeat(300))]))),
        ("quoted", input(1, "\"a;b\"", &form("a;b", &[("year", None, "2025")]))),
    ]
}
