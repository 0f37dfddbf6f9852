//! The stylesheet, script and icon, inside the binary. Each is served under a name with its
//! content hash (`app.3f2a9c1e.css`), so browsers may cache it for good and still never use
//! a stale copy after an upgrade. Nothing is ever fetched from elsewhere.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::state::AppState;

/// Every asset there is. A test checks each template only refers to these.
const FILES: [(&str, &str, &[u8]); 3] = [
    ("app.css", "text/css; charset=utf-8", include_bytes!("../assets/app.css")),
    ("app.js", "text/javascript; charset=utf-8", include_bytes!("../assets/app.js")),
    ("favicon.svg", "image/svg+xml", include_bytes!("../assets/favicon.svg")),
];

struct Asset {
    name: &'static str,
    hashed: String,
    content_type: &'static str,
    bytes: &'static [u8],
}

pub struct Assets(Vec<Asset>);

impl Assets {
    pub fn load() -> Assets {
        Assets(
            FILES
                .iter()
                .map(|(name, content_type, bytes)| {
                    let hash = hex::encode(Sha256::digest(bytes));
                    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
                    Asset { name, hashed: format!("{stem}.{}.{ext}", &hash[..10]), content_type, bytes }
                })
                .collect(),
        )
    }

    /// The URL of an asset by its plain name.
    pub fn url(&self, name: &str) -> String {
        self.0.iter().find(|a| a.name == name).map(|a| format!("/assets/{}", a.hashed)).unwrap_or_default()
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.0.iter().map(|a| a.name).collect()
    }
}

pub async fn serve(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(asset) = state.assets.0.iter().find(|a| a.hashed == file || a.name == file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let cache = if asset.hashed == file { "public, max-age=31536000, immutable" } else { "no-cache" };
    let mut res = asset.bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    res
}
