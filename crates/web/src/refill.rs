//! Puts kept fields back into a freshly rendered page's form, so a person whose session ran out
//! finds what they typed and saves it with one click. Only the form that was sent (same action,
//! method POST) is touched, and only what a person types or chooses: hidden fields, buttons and
//! the token stay as the fresh page has them, so the re-submit carries the new session's token
//! and the page's current state. The pages are our own templates, so a small tag scanner does.

use std::collections::HashMap;

/// One attribute of a tag; the value as written (still escaped), `None` for a bare attribute.
struct Attr<'a> {
    name: String,
    raw: &'a str,
    value: Option<&'a str>,
}

/// A start tag: its lower-case name, its attributes and where it ends (after `>`).
struct Tag<'a> {
    name: String,
    attrs: Vec<Attr<'a>>,
    end: usize,
}

impl Tag<'_> {
    fn attr(&self, name: &str) -> Option<String> {
        self.attrs.iter().find(|a| a.name == name).map(|a| unescape(a.value.unwrap_or("")))
    }

    /// The tag written again without `drop` and with `add` (an attribute and its value).
    fn rewrite(&self, drop: &str, add: Option<(&str, Option<&str>)>) -> String {
        let mut out = format!("<{}", self.name);
        for a in self.attrs.iter().filter(|a| a.name != drop) {
            out.push(' ');
            out.push_str(a.raw);
        }
        match add {
            Some((name, Some(value))) => out.push_str(&format!(" {name}=\"{}\"", escape(value))),
            Some((name, None)) => out.push_str(&format!(" {name}")),
            None => {}
        }
        out.push('>');
        out
    }
}

/// Reads the start tag at `at` (which is `<`); `None` for end tags, comments and broken text.
fn parse_tag(html: &str, at: usize) -> Option<Tag<'_>> {
    let bytes = html.as_bytes();
    let mut i = at + 1;
    let name_end = html[i..].find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')? + i;
    let name = html[i..name_end].to_ascii_lowercase();
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    i = name_end;
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => return Some(Tag { name, attrs, end: i + 1 }),
            _ => {
                let start = i;
                while i < bytes.len() && !matches!(bytes[i], b'=' | b'>' | b' ' | b'\t' | b'\n' | b'\r') {
                    i += 1;
                }
                let attr_name = html[start..i].to_ascii_lowercase();
                let mut value = None;
                if bytes.get(i) == Some(&b'=') {
                    i += 1;
                    let (v, next) = attr_value(html, i)?;
                    value = Some(v);
                    i = next;
                }
                attrs.push(Attr { name: attr_name, raw: &html[start..i], value });
            }
        }
    }
}

/// A quoted or bare attribute value starting at `i`, and where it ends.
fn attr_value(html: &str, i: usize) -> Option<(&str, usize)> {
    let quote = html[i..].chars().next()?;
    if quote == '"' || quote == '\'' {
        let close = html[i + 1..].find(quote)? + i + 1;
        return Some((&html[i + 1..close], close + 1));
    }
    let end = html[i..].find(|c: char| c.is_ascii_whitespace() || c == '>').map_or(html.len(), |e| e + i);
    Some((&html[i..end], end))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The page with the form that posts to `action` filled from `fields`, and `notice` (already
/// escaped HTML) put just before it; `None` when the page has no such form.
pub fn fill_form(html: &str, action: &str, fields: &[(String, String)], notice: &str) -> Option<String> {
    let mut from = 0;
    while let Some(found) = html[from..].find("<form") {
        let at = from + found;
        let tag = parse_tag(html, at)?;
        let posts = tag.attr("method").is_some_and(|m| m.eq_ignore_ascii_case("post"));
        if posts && tag.attr("action").as_deref() == Some(action) {
            let close = html[tag.end..].find("</form>").map_or(html.len(), |c| c + tag.end);
            let mut out = String::with_capacity(html.len() + notice.len() + 256);
            out.push_str(&html[..at]);
            out.push_str(notice);
            out.push_str(&html[at..tag.end]);
            out.push_str(&Filler::new(fields).fill(&html[tag.end..close]));
            out.push_str(&html[close..]);
            return Some(out);
        }
        from = tag.end;
    }
    None
}

/// Fills the controls of one form's inside, in the order the fields were sent.
struct Filler<'f> {
    fields: &'f [(String, String)],
    /// How many text-like controls of each name were filled so far.
    used: HashMap<String, usize>,
    /// The name of the `<select>` being read, when its options are to be chosen.
    select: Option<String>,
}

impl<'f> Filler<'f> {
    fn new(fields: &'f [(String, String)]) -> Filler<'f> {
        Filler { fields, used: HashMap::new(), select: None }
    }

    fn sent(&self, name: &str, value: &str) -> bool {
        self.fields.iter().any(|(k, v)| k == name && v == value)
    }

    fn was_sent(&self, name: &str) -> bool {
        self.fields.iter().any(|(k, _)| k == name)
    }

    /// The next value sent under `name` for a text-like control.
    fn next_value(&mut self, name: &str) -> Option<&'f str> {
        let n = self.used.entry(name.to_owned()).or_insert(0);
        let value = self.fields.iter().filter(|(k, _)| k == name).nth(*n).map(|(_, v)| v.as_str());
        *n += 1;
        value
    }

    fn fill(mut self, inner: &str) -> String {
        let mut out = String::with_capacity(inner.len() + 256);
        let mut i = 0;
        while let Some(found) = inner[i..].find('<') {
            let at = i + found;
            out.push_str(&inner[i..at]);
            if inner[at..].starts_with("</select") {
                self.select = None;
            }
            let Some(tag) = parse_tag(inner, at) else {
                out.push('<');
                i = at + 1;
                continue;
            };
            i = tag.end;
            match tag.name.as_str() {
                "input" => out.push_str(&self.input(&tag)),
                "option" => out.push_str(&self.option(&tag)),
                "select" => {
                    self.select = tag.attr("name").filter(|n| self.was_sent(n));
                    out.push_str(&inner[at..tag.end]);
                }
                "textarea" => {
                    let close = inner[i..].find("</textarea>").map_or(inner.len(), |c| c + i);
                    out.push_str(&inner[at..tag.end]);
                    match tag.attr("name").and_then(|n| self.next_value(&n)) {
                        Some(value) => out.push_str(&escape(value)),
                        None => out.push_str(&inner[i..close]),
                    }
                    i = close;
                }
                _ => out.push_str(&inner[at..tag.end]),
            }
        }
        out.push_str(&inner[i..]);
        out
    }

    fn input(&mut self, tag: &Tag<'_>) -> String {
        let Some(name) = tag.attr("name") else { return tag.rewrite("", None) };
        let kind = tag.attr("type").unwrap_or_else(|| "text".into()).to_ascii_lowercase();
        match kind.as_str() {
            "hidden" | "submit" | "button" | "reset" | "image" | "file" | "password" => tag.rewrite("", None),
            "checkbox" | "radio" => {
                let value = tag.attr("value").unwrap_or_else(|| "on".into());
                let add = self.sent(&name, &value).then_some(("checked", None));
                tag.rewrite("checked", add)
            }
            _ => match self.next_value(&name) {
                Some(value) => tag.rewrite("value", Some(("value", Some(value)))),
                None => tag.rewrite("", None),
            },
        }
    }

    fn option(&self, tag: &Tag<'_>) -> String {
        match (&self.select, tag.attr("value")) {
            (Some(name), Some(value)) => {
                let add = self.sent(name, &value).then_some(("selected", None));
                tag.rewrite("selected", add)
            }
            _ => tag.rewrite("", None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    const PAGE: &str = r#"<p>x</p><form method="post" action="/other"><input name="note" value="no"></form>
<form method="post" action="/a/save?x=1&amp;y=2"><input type="hidden" name="csrf" value="NEW">
<input name="note" value="old"><input name="note"><textarea name="memo" rows="3">before</textarea>
<input type="checkbox" name="done" checked><input type="radio" name="answer" value="yes" checked>
<input type="radio" name="answer" value="no"><select name="kind"><option value="a" selected>A</option>
<option value="b">B</option></select><input type="password" name="pw" value=""><button name="go" value="1">Save</button></form>"#;

    #[test]
    fn the_sent_form_gets_its_typed_values_back_and_nothing_else() {
        let kept = fields(&[
            ("note", "今日の<メモ>"),
            ("note", "second \"quoted\""),
            ("memo", "line1\nline2 & more"),
            ("answer", "no"),
            ("kind", "b"),
            ("csrf", "OLD"),
        ]);
        let page = fill_form(PAGE, "/a/save?x=1&y=2", &kept, "<p id=\"n\">N</p>").unwrap();
        assert!(page.contains(r#"<form method="post" action="/other"><input name="note" value="no">"#));
        assert!(page.contains(r#"<p id="n">N</p><form method="post" action="/a/save"#));
        assert!(page.contains(r#"name="csrf" value="NEW""#), "the fresh token stays");
        assert!(page.contains(r#"<input name="note" value="今日の&lt;メモ&gt;">"#), "{page}");
        assert!(page.contains(r#"<input name="note" value="second &quot;quoted&quot;">"#));
        assert!(page.contains(">line1\nline2 &amp; more</textarea>"));
        assert!(page.contains(r#"<input type="checkbox" name="done">"#), "not sent means unchecked");
        assert!(page.contains(r#"<input type="radio" name="answer" value="yes">"#));
        assert!(page.contains(r#"<input type="radio" name="answer" value="no" checked>"#));
        assert!(page.contains(r#"<option value="a">A</option>"#));
        assert!(page.contains(r#"<option value="b" selected>B</option>"#));
        assert!(page.contains(r#"<input type="password" name="pw" value="">"#));
        assert!(fill_form(PAGE, "/missing", &kept, "").is_none());
    }
}
