//! The text of each page of a PDF as Chromium prints it, enough to check what a page carries.
//!
//! Chromium (Skia) writes plain indirect objects (no object streams), each page with its own
//! content stream and fonts, and each font with a ToUnicode map; text is shown by `<hex> Tj`
//! and `[<hex> …] TJ`. This reads exactly that, with flate2 for the compressed streams, and
//! nothing else: no layout, no encodings besides the ToUnicode maps. Fonts map some kanji to
//! their radical forms (長 as ⻑, 用 as ⽤), so checks look for words without those.
use flate2::read::ZlibDecoder;
use std::collections::BTreeMap;
use std::io::Read;

/// The text of every page, in page order, blocks one space apart; glyphs without a mapping are
/// left out.
pub fn pages(pdf: &[u8]) -> Vec<String> {
    // One char per byte, so streams keep their bytes.
    let pdf: String = pdf.iter().map(|b| char::from(*b)).collect();
    let objects = objects(&pdf);
    let root =
        objects.values().find(|o| o.contains("/Type /Pages") && !o.contains("/Parent")).expect("a page tree");
    let mut pages = Vec::new();
    collect_pages(&objects, root, &mut pages);
    let words = |text: String| text.split_whitespace().collect::<Vec<_>>().join(" ");
    pages.iter().map(|page| words(page_text(&objects, objects[page]))).collect()
}

/// The pages under a node of the page tree, in order.
fn collect_pages(objects: &BTreeMap<u32, &str>, node: &str, out: &mut Vec<u32>) {
    for kid in refs(between(node, "/Kids [", "]").unwrap_or_default()) {
        match objects.get(&kid) {
            Some(o) if o.contains("/Type /Pages") => collect_pages(objects, o, out),
            Some(_) => out.push(kid),
            None => {}
        }
    }
}

/// Objects by number, as raw text (streams included, bytes kept one per char).
fn objects(pdf: &str) -> BTreeMap<u32, &str> {
    let mut out = BTreeMap::new();
    let mut rest = pdf;
    while let Some(at) = rest.find(" 0 obj") {
        let number_start = rest[..at].rfind(|c: char| !c.is_ascii_digit()).map_or(0, |i| i + 1);
        let number = rest[number_start..at].parse().ok();
        let body = &rest[at + 6..];
        let end = body.find("endobj").unwrap_or(body.len());
        if let Some(n) = number {
            out.insert(n, &body[..end]);
        }
        rest = &body[end..];
    }
    out
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    Some(&text[from..from + text[from..].find(end)?])
}

/// The object numbers of `N 0 R` references, in order.
fn refs(text: &str) -> Vec<u32> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .windows(3)
        .filter(|w| w[1] == "0" && w[2].starts_with('R'))
        .filter_map(|w| w[0].parse().ok())
        .collect()
}

/// The reference right after `key` in an object (`/Contents 12 0 R`); none for a value in place.
fn reference(object: &str, key: &str) -> Option<u32> {
    let after = &object[object.find(key)? + key.len()..];
    let words: Vec<&str> = after.split_whitespace().take(3).collect();
    match words.as_slice() {
        [n, "0", r] if r.starts_with('R') => n.parse().ok(),
        _ => None,
    }
}

/// A stream's bytes, inflated when it is compressed. The text holds one char per byte.
fn stream(object: &str) -> Vec<u8> {
    let Some(start) = object.find("stream") else { return Vec::new() };
    let data = object[start + 6..].trim_start_matches(['\r', '\n']);
    let data = &data[..data.rfind("endstream").unwrap_or(data.len())];
    let bytes: Vec<u8> = data.chars().map(|c| c as u32 as u8).collect();
    if !object[..start].contains("/FlateDecode") {
        return bytes;
    }
    let mut out = Vec::new();
    let _ = ZlibDecoder::new(&bytes[..]).read_to_end(&mut out);
    out
}

/// A font's ToUnicode map: the code width in bytes and text by code.
struct CharMap {
    width: usize,
    chars: BTreeMap<u32, String>,
}

fn hex_text(hex: &str) -> String {
    let units: Vec<u16> =
        (0..hex.len() / 4).filter_map(|i| u16::from_str_radix(&hex[i * 4..i * 4 + 4], 16).ok()).collect();
    String::from_utf16_lossy(&units)
}

fn char_map(text: &str) -> CharMap {
    let width = if text.contains("<0000> <FFFF>") { 2 } else { 1 };
    let mut chars = BTreeMap::new();
    let hexes = |block: &str| -> Vec<String> {
        block.split('<').skip(1).filter_map(|s| s.split('>').next()).map(str::to_owned).collect()
    };
    for block in text.split("beginbfchar").skip(1).filter_map(|b| b.split("endbfchar").next()) {
        for pair in hexes(block).chunks(2) {
            if let (Ok(code), Some(to)) = (u32::from_str_radix(&pair[0], 16), pair.get(1)) {
                chars.insert(code, hex_text(to));
            }
        }
    }
    for block in text.split("beginbfrange").skip(1).filter_map(|b| b.split("endbfrange").next()) {
        for triple in hexes(block).chunks(3) {
            let [from, to, first] = triple else { continue };
            let (Ok(from), Ok(to), Ok(first)) =
                (u32::from_str_radix(from, 16), u32::from_str_radix(to, 16), u32::from_str_radix(first, 16))
            else {
                continue;
            };
            for code in from..=to {
                chars.insert(code, char::from_u32(first + code - from).map(String::from).unwrap_or_default());
            }
        }
    }
    CharMap { width, chars }
}

fn page_text(objects: &BTreeMap<u32, &str>, page: &str) -> String {
    let resources = reference(page, "/Resources").and_then(|n| objects.get(&n).copied()).unwrap_or(page);
    let font_dict = match reference(resources, "/Font") {
        Some(n) => objects.get(&n).copied().unwrap_or_default(),
        None => between(resources, "/Font", ">>").unwrap_or_default(),
    };
    let mut fonts = BTreeMap::new();
    let words: Vec<&str> = font_dict.split_whitespace().collect();
    for w in words.windows(4).filter(|w| w[0].trim_start_matches('<').starts_with('/') && w[2] == "0") {
        let font = w[1].parse().ok().and_then(|n: u32| objects.get(&n));
        let map = font.and_then(|f| reference(f, "/ToUnicode")).and_then(|n| objects.get(&n));
        if let Some(map) = map {
            fonts.insert(
                w[0].trim_start_matches(['<', '/']).to_owned(),
                char_map(&String::from_utf8_lossy(&stream(map))),
            );
        }
    }
    let contents =
        reference(page, "/Contents").and_then(|n| objects.get(&n)).map(|o| stream(o)).unwrap_or_default();
    show_text(&String::from_utf8_lossy(&contents), &fonts)
}

/// Follows `/Fn size Tf` and the hex strings shown after it; each text block ends with a space.
fn show_text(content: &str, fonts: &BTreeMap<String, CharMap>) -> String {
    let mut out = String::new();
    let mut font: Option<&CharMap> = None;
    let tokens: Vec<&str> = content.split_whitespace().collect();
    for (i, token) in tokens.iter().enumerate() {
        if *token == "Tf" && i >= 2 {
            font = fonts.get(tokens[i - 2].trim_start_matches('/'));
        } else if *token == "ET" {
            out.push(' ');
        } else if let Some(map) = font {
            for hex in token.split('<').skip(1).filter_map(|s| s.split('>').next()) {
                for code in hex.as_bytes().chunks(map.width * 2) {
                    let code = std::str::from_utf8(code).ok().and_then(|c| u32::from_str_radix(c, 16).ok());
                    out.push_str(code.and_then(|c| map.chars.get(&c)).map_or("", String::as_str));
                }
            }
        }
    }
    out
}
