//! Uploads: the bytes of a file part (`multipart/form-data`) or of a raw
//! request body (`application/octet-stream`, images, …), from memory, a
//! file path or a stream.

use std::fmt;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use futures::stream::{BoxStream, StreamExt, TryStreamExt};

use super::{BoxError, Failure};

/// Bytes to upload, with an optional file name and content type.
///
/// Bytes in memory and file paths can be sent again, so a request carrying
/// them may be retried; a stream is sent once. A path is opened when the
/// request is sent, and read as a stream.
///
/// ```
/// use specforge_runtime::client::Upload;
///
/// let from_memory = Upload::bytes(vec![0x89, b'P', b'N', b'G'])
///     .file_name("logo.png")
///     .content_type("image/png");
/// let from_disk = Upload::path("photos/keyboard.jpg"); // name and type from the path
/// # let _ = (from_memory, from_disk);
/// ```
pub struct Upload {
    source: Source,
    file_name: Option<String>,
    content_type: Option<String>,
}

enum Source {
    Bytes(Bytes),
    Path(PathBuf),
    /// Taken when sent.
    Stream(Option<BoxStream<'static, Result<Bytes, BoxError>>>),
}

impl Upload {
    /// Bytes in memory.
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        Self::from_source(Source::Bytes(bytes.into()))
    }

    /// The file at `path`, streamed from disk when the request is sent. Its
    /// file name is the path's; its content type is guessed from the
    /// extension unless set.
    pub fn path(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned());
        Self {
            file_name,
            ..Self::from_source(Source::Path(path))
        }
    }

    /// A stream of byte chunks, sent as it comes (once: a request carrying
    /// a stream is not retried).
    pub fn stream<S, B, E>(stream: S) -> Self
    where
        S: futures::Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes> + 'static,
        E: Into<BoxError> + 'static,
    {
        let stream = stream.map_ok(Into::into).map_err(Into::into).boxed();
        Self::from_source(Source::Stream(Some(stream)))
    }

    fn from_source(source: Source) -> Self {
        Self {
            source,
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name sent with a multipart part.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the content type (such as `image/png`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The content type set with [`content_type`](Self::content_type).
    pub(crate) fn explicit_type(&self) -> Option<String> {
        self.content_type.clone()
    }

    /// The content type set, or guessed from a path.
    pub(crate) fn media_type(&self) -> Option<String> {
        self.content_type.clone().or_else(|| match &self.source {
            Source::Path(path) => guess(path).map(str::to_owned),
            _ => None,
        })
    }

    /// Whether it can be sent more than once.
    pub(crate) fn is_replayable(&self) -> bool {
        !matches!(self.source, Source::Stream(_))
    }

    /// The body for one attempt, with its length when known.
    pub(crate) async fn body(&mut self) -> Result<(reqwest::Body, Option<u64>), Failure> {
        match &mut self.source {
            Source::Bytes(bytes) => Ok((bytes.clone().into(), Some(bytes.len() as u64))),
            Source::Path(path) => {
                let file = tokio::fs::File::open(&*path).await.map_err(|err| {
                    Failure::request(format!("cannot open {}: {err}", path.display()))
                })?;
                let length = file.metadata().await.ok().map(|m| m.len());
                Ok((file.into(), length))
            }
            Source::Stream(stream) => stream
                .take()
                .map(|stream| (reqwest::Body::wrap_stream(stream), None))
                .ok_or_else(|| Failure::request("an upload stream can only be sent once")),
        }
    }

    /// A multipart part for one attempt.
    pub(crate) async fn part(&mut self) -> Result<reqwest::multipart::Part, Failure> {
        let media_type = self
            .media_type()
            .unwrap_or_else(|| "application/octet-stream".to_owned());
        let file_name = self.file_name.clone();
        let (body, length) = self.body().await?;
        let part = match length {
            Some(length) => reqwest::multipart::Part::stream_with_length(body, length),
            None => reqwest::multipart::Part::stream(body),
        };
        let part = part.mime_str(&media_type).map_err(Failure::request)?;
        Ok(match file_name {
            Some(name) => part.file_name(name),
            None => part,
        })
    }
}

/// The media type of common file extensions.
fn guess(path: &Path) -> Option<&'static str> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "json" => "application/json",
        "csv" => "text/csv",
        "txt" => "text/plain",
        "html" => "text/html",
        "xml" => "application/xml",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        _ => return None,
    })
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Bytes(bytes) => format!("{} bytes", bytes.len()),
            Source::Path(path) => path.display().to_string(),
            Source::Stream(_) => "a stream".to_owned(),
        };
        f.debug_struct("Upload")
            .field("source", &source)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl From<Bytes> for Upload {
    fn from(bytes: Bytes) -> Self {
        Self::bytes(bytes)
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Self {
        Self::bytes(bytes)
    }
}

impl From<&'static [u8]> for Upload {
    fn from(bytes: &'static [u8]) -> Self {
        Self::bytes(bytes)
    }
}

impl From<String> for Upload {
    fn from(text: String) -> Self {
        Self::bytes(text)
    }
}

impl From<&'static str> for Upload {
    fn from(text: &'static str) -> Self {
        Self::bytes(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn bytes_and_paths_replay_streams_do_not() {
        let mut bytes = Upload::bytes("hello");
        assert!(bytes.is_replayable());
        assert_eq!(bytes.body().await.unwrap().1, Some(5));
        assert_eq!(bytes.body().await.unwrap().1, Some(5));

        let dir = std::env::temp_dir().join(format!("upload-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("photo.JPG");
        std::fs::write(&file, b"jpeg!").unwrap();
        let mut path = Upload::path(&file);
        assert_eq!(path.media_type().as_deref(), Some("image/jpeg"));
        assert_eq!(path.file_name.as_deref(), Some("photo.JPG"));
        assert_eq!(path.body().await.unwrap().1, Some(5));
        assert_eq!(path.body().await.unwrap().1, Some(5));
        std::fs::remove_dir_all(&dir).unwrap();

        let chunks = futures::stream::iter([Ok::<_, std::io::Error>("a"), Ok("b")]);
        let mut stream = Upload::stream(chunks).content_type("text/plain");
        assert!(!stream.is_replayable());
        assert!(stream.body().await.is_ok());
        let second = stream.body().await.unwrap_err();
        assert!(second.to_string().contains("only be sent once"));
    }

    #[tokio::test]
    async fn missing_files_are_request_errors() {
        let mut upload = Upload::path("/definitely/not/here.png");
        let err = upload.part().await.unwrap_err();
        assert!(err.to_string().starts_with("invalid request: cannot open"));
    }
}
