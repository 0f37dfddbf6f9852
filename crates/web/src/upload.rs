//! Every file upload, read one way: the multipart form is streamed, its files written to
//! temporary files in the upload folder (deleted when the request is done, and emptied when
//! the server starts), its text fields kept small, the route's limit counted as the bytes
//! arrive. Room for the upload is taken from the server's in-flight total first, and a heavy
//! route takes its job slot only once the files are on disk, so a slow sender blocks nobody's
//! import. The route's guard has already checked access, the declared size and the token.

use crate::error::WebError;
use crate::limits::Share;
use crate::middleware::guard::{UploadRule, declared_length};
use crate::state::AppState;
use axum::extract::{FromRequest, Multipart, Request};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use tempfile::{NamedTempFile, TempPath};

/// A text field of an upload form is at most this long.
pub(crate) const MAX_TEXT_FIELD: usize = 64 * 1024;
/// The most files one form may carry (the aggregation's bundles are the many).
pub(crate) const MAX_FILES: usize = 10_000;

/// A received multipart form.
#[derive(Debug)]
pub struct Upload {
    files: Vec<UploadedFile>,
    fields: Vec<(String, String)>,
    _room: Share,
    _job: Option<Share>,
}

/// A file of the form, on disk until the request is done.
#[derive(Debug)]
pub struct UploadedFile {
    pub field: String,
    pub file_name: String,
    pub size: usize,
    temp: TempPath,
}

impl UploadedFile {
    /// The whole file (its size was bounded by the route's limit as it arrived).
    pub fn bytes(&self) -> Result<Vec<u8>, WebError> {
        let mut out = Vec::with_capacity(self.size);
        let file = std::fs::File::open(&self.temp).map_err(|e| WebError::Internal(format!("upload: {e}")))?;
        file.take(self.size as u64)
            .read_to_end(&mut out)
            .map_err(|e| WebError::Internal(format!("upload: {e}")))?;
        Ok(out)
    }

    /// Where the file lies, for readers that take a path.
    pub fn path(&self) -> &Path {
        &self.temp
    }
}

impl Upload {
    /// The first file sent in the field.
    pub fn file(&self, field: &str) -> Option<&UploadedFile> {
        self.files.iter().find(|f| f.field == field)
    }

    /// The name and content of the form's one file in `field`; a form without it is refused.
    pub fn read(&self, field: &str) -> Result<(String, Vec<u8>), WebError> {
        let file = self.file(field).ok_or(WebError::BadRequest)?;
        Ok((file.file_name.clone(), file.bytes()?))
    }

    /// Every file sent in the field, in the order sent.
    pub fn files(&self, field: &str) -> impl Iterator<Item = &UploadedFile> {
        self.files.iter().filter(move |f| f.field == field)
    }

    /// A text field's value ("" when not sent).
    pub fn text(&self, field: &str) -> &str {
        self.fields.iter().find(|(k, _)| k == field).map_or("", |(_, v)| v.as_str())
    }
}

/// The upload folder of a data folder.
pub fn folder_in(data_dir: &Path) -> PathBuf {
    data_dir.join("uploads")
}

/// Removes what a previous run left in the upload folder (a crash leaves temporary files).
pub fn clear_folder(dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    std::fs::create_dir_all(dir)
}

impl FromRequest<AppState> for Upload {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, WebError> {
        let rule = req.extensions().get::<UploadRule>().copied().ok_or(WebError::Unsupported)?;
        let room = state.gates.upload_room(declared_length(req.headers()).unwrap_or(rule.limit)).await?;
        let multipart = Multipart::from_request(req, state).await.map_err(|_| WebError::Unsupported)?;
        let received = Received::all(multipart, &state.config.upload_dir, rule.limit).await?;
        let job = if rule.heavy { Some(state.gates.job().await?) } else { None };
        Ok(Upload { files: received.files, fields: received.fields, _room: room, _job: job })
    }
}

fn read_error(status: axum::http::StatusCode) -> WebError {
    if status == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        WebError::TooLarge
    } else {
        WebError::BadRequest
    }
}

/// What a form has sent so far: its files on disk, its text fields, and the bytes counted.
pub(crate) struct Received {
    pub(crate) files: Vec<UploadedFile>,
    pub(crate) fields: Vec<(String, String)>,
    bytes: usize,
    limit: usize,
}

impl Received {
    /// Every field of the form, files written into `dir`, at most `limit` bytes in all.
    pub(crate) async fn all(mut multipart: Multipart, dir: &Path, limit: usize) -> Result<Self, WebError> {
        let mut received = Received { files: Vec::new(), fields: Vec::new(), bytes: 0, limit };
        while let Some(field) = multipart.next_field().await.map_err(|e| read_error(e.status()))? {
            received.take(field, dir).await?;
        }
        Ok(received)
    }

    async fn take(
        &mut self,
        mut field: axum::extract::multipart::Field<'_>,
        dir: &Path,
    ) -> Result<(), WebError> {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let mut sink = match &file_name {
            Some(_) => Sink::File(temp_file(dir)?, 0),
            None => Sink::Text(Vec::new()),
        };
        while let Some(chunk) = field.chunk().await.map_err(|e| read_error(e.status()))? {
            self.bytes += chunk.len();
            if self.bytes > self.limit {
                return Err(WebError::TooLarge);
            }
            sink.write(&chunk)?;
        }
        match (sink, file_name) {
            (Sink::Text(bytes), _) => self.fields.push((name, String::from_utf8_lossy(&bytes).into_owned())),
            (Sink::File(temp, size), Some(file_name)) if size > 0 && !file_name.is_empty() => {
                if self.files.len() >= MAX_FILES {
                    return Err(WebError::TooLarge);
                }
                // Closed once written: many files wait without holding a descriptor each.
                self.files.push(UploadedFile { field: name, file_name, size, temp: temp.into_temp_path() });
            }
            // A file input left empty still arrives, without a name or content: it was not sent.
            (Sink::File(..), _) => {}
        }
        Ok(())
    }
}

enum Sink {
    File(NamedTempFile, usize),
    Text(Vec<u8>),
}

impl Sink {
    /// Chunks are at most a read buffer's size: a write to the page cache, not worth a thread.
    fn write(&mut self, chunk: &[u8]) -> Result<(), WebError> {
        match self {
            Sink::File(temp, size) => {
                temp.write_all(chunk).map_err(|e| WebError::Internal(format!("upload: {e}")))?;
                *size += chunk.len();
            }
            Sink::Text(bytes) if bytes.len() + chunk.len() > MAX_TEXT_FIELD => {
                return Err(WebError::TooLarge);
            }
            Sink::Text(bytes) => bytes.extend_from_slice(chunk),
        }
        Ok(())
    }
}

fn temp_file(dir: &Path) -> Result<NamedTempFile, WebError> {
    let create = || tempfile::Builder::new().prefix("upload-").tempfile_in(dir);
    create()
        .or_else(|_| std::fs::create_dir_all(dir).and_then(|()| create()))
        .map_err(|e| WebError::Internal(format!("upload folder {}: {e}", dir.display())))
}
