//! Reading a JSON file from outside (a bundle, an answer file) within [`LIMITS`]: its size and
//! how deeply it nests are checked before it is parsed, so a huge or deeply nested file is
//! refused with a message instead of costing memory or the parser's stack.

use crate::limits::{LIMITS, size_text};
use iryosec_core::Message;

/// Parses JSON (a UTF-8 byte order mark, as Notepad and Excel write, is skipped).
pub fn parse(bytes: &[u8]) -> Result<serde_json::Value, Message> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.len() as u64 > LIMITS.json_bytes {
        return Err(Message::new("io.error.json_too_large")
            .arg("size", size_text(bytes.len() as u64))
            .arg("max", size_text(LIMITS.json_bytes)));
    }
    if nesting(bytes) > LIMITS.json_depth {
        return Err(Message::new("io.error.json_too_deep").arg("max", LIMITS.json_depth));
    }
    serde_json::from_slice(bytes)
        .map_err(|e| Message::new("io.error.json").arg("line", e.line()).arg("column", e.column()))
}

/// Checks a bundle's `format` and `version` before its shape: another kind of file is named as
/// such (`not_this_format`, a message with `{format}`), a newer version says which one is read.
pub fn check_envelope(
    value: &serde_json::Value,
    format: &str,
    version: u32,
    not_this_format: &'static str,
) -> Result<(), Message> {
    let found = value.get("format").and_then(|v| v.as_str()).unwrap_or("");
    if found != format {
        return Err(Message::new(not_this_format).arg("format", found));
    }
    let found = value.get("version").and_then(serde_json::Value::as_u64).unwrap_or(0);
    if found != u64::from(version) {
        return Err(Message::new("io.error.bundle_version").arg("version", found).arg("supported", version));
    }
    Ok(())
}

/// The value as `T`; a value of another shape is refused naming the item (`answers[3].scope`)
/// and what is wrong with it, in words rather than the parser's.
pub fn shaped<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, Message> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let detail = e.inner().to_string();
        // serde names the field in backquotes: "unknown field `surprise`, expected …".
        let field = detail.split('`').nth(1).unwrap_or_default();
        let within = |name: &str| match path.as_str() {
            "." | "" => name.to_owned(),
            parent => format!("{parent}.{name}"),
        };
        // An unknown field's path ends at the field; a missing one's at its parent.
        if detail.starts_with("unknown field") {
            Message::new("io.error.bundle_unknown_field").arg("path", path)
        } else if detail.starts_with("missing field") {
            Message::new("io.error.bundle_missing_field").arg("path", within(field))
        } else {
            Message::new("io.error.bundle_wrong_value").arg("path", path)
        }
    })
}

/// How deeply arrays and objects nest, strings skipped.
fn nesting(bytes: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for &b in bytes {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_or_large_json_is_refused_before_parsing() {
        let m = parse(&crate::hostile::deep_json(100_000)).unwrap_err();
        assert_eq!((m.key, m.args[0].1.as_str()), ("io.error.json_too_deep", "32"));
        assert!(parse(&crate::hostile::deep_json(LIMITS.json_depth)).is_ok());
        let big = vec![b' '; LIMITS.json_bytes as usize + 1];
        assert_eq!(parse(&big).unwrap_err().key, "io.error.json_too_large");
        // Brackets inside strings do not nest.
        let text = format!("{{\"a\": \"{}\"}}", "[".repeat(100));
        assert!(parse(text.as_bytes()).is_ok());
        assert_eq!(parse(b"\xef\xbb\xbf{\"a\":1}").unwrap()["a"], 1);
        assert_eq!(parse(b"{\"a\":\"\xff\"}").unwrap_err().key, "io.error.json");
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Shape {
        name: String,
        items: Vec<Inner>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        count: u32,
    }

    #[test]
    fn a_value_of_another_shape_names_the_item_in_words() {
        let problem = |v: serde_json::Value| {
            let m = shaped::<Shape>(v).unwrap_err();
            (m.key, m.args[0].1.clone())
        };
        let v = serde_json::json!({"name": "a", "items": [{"count": 1}, {"count": "x"}]});
        assert_eq!(problem(v), ("io.error.bundle_wrong_value", "items[1].count".into()));
        let v = serde_json::json!({"name": "a", "items": [], "surprise": 1});
        assert_eq!(problem(v), ("io.error.bundle_unknown_field", "surprise".into()));
        let v = serde_json::json!({"name": "a", "items": [{}]});
        assert_eq!(problem(v), ("io.error.bundle_missing_field", "items[0].count".into()));
    }
}
