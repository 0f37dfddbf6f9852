//! A small browser for a running `iryosec serve`: HTTP/1.0 over a socket, with its cookies, the
//! CSRF token of the pages it read, forms and file uploads as a browser sends them.
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;

pub struct Page {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Page {
    pub fn location(&self) -> Option<&str> {
        self.head.lines().find_map(|l| l.strip_prefix("location: ").or_else(|| l.strip_prefix("Location: ")))
    }
}

#[derive(Clone)]
pub struct Browser {
    pub addr: String,
    cookies: BTreeMap<String, String>,
    csrf: Option<String>,
}

impl Browser {
    pub fn new(addr: &str) -> Browser {
        Browser { addr: addr.to_owned(), cookies: BTreeMap::new(), csrf: None }
    }

    /// Logs in (reading the login page first for its token); the reply to the login form.
    pub fn login(&mut self, login: &str, password: &str) -> Page {
        self.get("/login");
        let reply = self.post_form("/login", &[("login_id", login), ("password", password)]);
        // The session has a token of its own.
        self.csrf = None;
        reply
    }

    pub fn get(&mut self, path: &str) -> Page {
        self.send("GET", path, "", &[])
    }

    /// Posts a form with the CSRF token of the last page read (after `get("/")` if none yet).
    pub fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = self.csrf();
        let mut body = format!("csrf={}", encode(&csrf));
        for (k, v) in fields {
            body.push_str(&format!("&{}={}", encode(k), encode(v)));
        }
        self.send("POST", path, "application/x-www-form-urlencoded", body.as_bytes())
    }

    /// Uploads one file as a browser's multipart form does: the token first, then the file.
    pub fn upload(&mut self, path: &str, file_name: &str, bytes: &[u8]) -> Page {
        let csrf = self.csrf();
        let boundary = "----iryosecFaultBoundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--{boundary}\r\n\
             Content-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.send("POST", path, &format!("multipart/form-data; boundary={boundary}"), &body)
    }

    fn csrf(&mut self) -> String {
        if self.csrf.is_none() {
            self.get("/");
        }
        self.csrf.clone().expect("a page with a CSRF token was read")
    }

    /// One exchange; a server that dies mid-way gives status 0.
    fn send(&mut self, method: &str, path: &str, content_type: &str, body: &[u8]) -> Page {
        let Ok(raw) = self.exchange(method, path, content_type, body) else {
            return Page { status: 0, head: String::new(), body: String::new() };
        };
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        let page = Page { status, head: head.to_owned(), body: body.to_owned() };
        self.keep_cookies(&page);
        if let Some(token) =
            page.body.split("name=\"csrf\" value=\"").nth(1).and_then(|r| r.split('"').next())
        {
            self.csrf = Some(token.to_owned());
        }
        page
    }

    fn exchange(
        &self,
        method: &str,
        path: &str,
        content_type: &str,
        body: &[u8],
    ) -> std::io::Result<Vec<u8>> {
        let mut s = TcpStream::connect(&self.addr)?;
        let cookies: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let mut head =
            format!("{method} {path} HTTP/1.0\r\nHost: {}\r\nCookie: {}\r\n", self.addr, cookies.join("; "));
        if !content_type.is_empty() {
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        s.write_all(head.as_bytes())?;
        s.write_all(body)?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw)?;
        Ok(raw)
    }

    fn keep_cookies(&mut self, page: &Page) {
        for line in page.head.lines() {
            let Some((_, value)) = line.split_once(':').filter(|(n, _)| n.eq_ignore_ascii_case("set-cookie"))
            else {
                continue;
            };
            let Some((k, v)) = value.trim().split(';').next().and_then(|p| p.split_once('=')) else {
                continue;
            };
            if value.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), v.to_owned());
            }
        }
    }
}

/// Percent-encodes a form value (UTF-8).
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
