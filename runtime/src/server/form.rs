//! Multipart bodies read part by part into a typed form.
//!
//! A generated operation whose `multipart/form-data` body has an object
//! schema describes its parts with a [`Form`]; [`Input::form`] reads the
//! whole body before the handler runs, so a missing required part or a
//! text part breaking the schema is a 400 listing every violation, as for
//! a JSON body:
//!
//! - text parts (at most the buffered-body limit in all, 413 past it) are
//!   turned into the JSON members their schema expects (strings as they
//!   are, numbers and booleans parsed, objects and arrays as JSON, an array
//!   also as one part per item), decoded into the body's model and
//!   validated by its generated rules, so constraints and formats are
//!   checked once, the same way;
//! - file parts become [`FilePart`]s: held in memory while the request's
//!   files fit in [`ServerOptions::upload_memory_limit`](super::ServerOptions::upload_memory_limit),
//!   spooled to a temporary file (deleted when the part is dropped) beyond
//!   it. Waiting for the end of the body is what lets a missing part be
//!   refused before the handler runs; spooling keeps memory flat while it
//!   arrives. The whole body stays within the streamed-body limit (413).
//! - parts the form does not declare are skipped, or refused (400) when
//!   the schema is closed (`additionalProperties: false`).

use std::fmt;
use std::io;
use std::path::Path;

use axum::body::Bytes;
use axum::extract::Multipart;
use axum::extract::multipart::{Field, MultipartError};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bytes::BytesMut;
use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use tokio::io::AsyncWriteExt;

use super::input::{Decoded, Input};
use super::negotiation::content_type;
use super::part_headers::part_name;
use super::rejection::Rejection;
use crate::params::{self, Kind, Shape, Style};
use crate::problem::{FieldError, Location, Problem, escape_pointer_segment};
use crate::validate::{Validate, Violations};

/// The parts a multipart body declares, as generated code describes them.
#[derive(Clone, Copy, Debug)]
pub struct Form<'a> {
    parts: &'a [FormPart],
    closed: bool,
}

impl<'a> Form<'a> {
    /// A form of these parts; other parts are skipped.
    pub const fn new(parts: &'a [FormPart]) -> Self {
        Self {
            parts,
            closed: false,
        }
    }

    /// Parts the form does not declare are refused (the schema says
    /// `additionalProperties: false`).
    pub const fn closed(self) -> Self {
        Self {
            closed: true,
            ..self
        }
    }

    fn part(&self, name: &str) -> Option<&'a FormPart> {
        self.parts.iter().find(|part| part.name == name)
    }
}

/// One declared part of a [`Form`].
#[derive(Clone, Copy, Debug)]
pub struct FormPart {
    name: &'static str,
    kind: PartKind,
    required: bool,
    nullable: bool,
    null_text: bool,
    null_when_absent: bool,
    empty_when_absent: bool,
    delimiter: Option<char>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PartKind {
    Text(Shape),
    File,
    Files,
}

impl FormPart {
    /// A text part whose value has `shape`.
    pub const fn text(name: &'static str, shape: Shape) -> Self {
        Self::new(name, PartKind::Text(shape))
    }

    /// One file.
    pub const fn file(name: &'static str) -> Self {
        Self::new(name, PartKind::File)
    }

    /// Any number of files under one name.
    pub const fn files(name: &'static str) -> Self {
        Self::new(name, PartKind::Files)
    }

    const fn new(name: &'static str, kind: PartKind) -> Self {
        Self {
            name,
            kind,
            required: false,
            nullable: false,
            null_text: false,
            null_when_absent: false,
            empty_when_absent: false,
            delimiter: None,
        }
    }

    /// A list sent URL-encoded as one pair, its items joined by
    /// `delimiter` (its `encoding` says `style: form, explode: false`,
    /// `spaceDelimited` or `pipeDelimited`), or an object as one pair of
    /// its names and values joined by commas (`form`, unexploded). Empty
    /// text is the empty list or object.
    pub const fn delimited(self, delimiter: char) -> Self {
        Self {
            delimiter: Some(delimiter),
            ..self
        }
    }

    /// The member is required: a single value or file must be sent; an
    /// absent list (of values or files) is the empty list, which a form
    /// cannot send otherwise (`minItems` may still refuse it).
    pub const fn required(self) -> Self {
        Self {
            required: true,
            ..self
        }
    }

    /// The member may be `null`: a list sent as the one text `null` is
    /// null, not a list of one null (a nullable list is far more common
    /// than a list of nulls, and a list of one null can still be sent as
    /// the JSON text `[null]`).
    pub const fn nullable(self) -> Self {
        Self {
            nullable: true,
            ..self
        }
    }

    /// The text `null` is null: the member is nullable, and no string it
    /// takes is that text (an enum, a date), as a number never is.
    pub const fn null_text(self) -> Self {
        Self {
            null_text: true,
            ..self
        }
    }

    /// An absent text part is `null` (its member is required and nullable:
    /// a multipart body cannot send a null otherwise).
    pub const fn null_when_absent(self) -> Self {
        Self {
            null_when_absent: true,
            ..self.nullable()
        }
    }

    /// A required object whose members may all be left out: sent
    /// URL-encoded, member by member, none sent is the empty object, as
    /// `{}` is written there.
    pub const fn empty_when_absent(self) -> Self {
        Self {
            empty_when_absent: true,
            ..self
        }
    }

    fn pointer(&self) -> String {
        format!("/{}", escape_pointer_segment(self.name))
    }
}

/// A multipart body as [`Input::form`] read it: the text parts decoded into
/// the body's model `T`, the files by name.
#[derive(Debug)]
pub struct FormData<T> {
    /// The body's model, holding the text parts (file members hold
    /// placeholders: the files are in [`files`](Self::files)).
    pub fields: T,
    /// The file parts.
    pub files: Files,
}

/// The file parts of a multipart body, by part name, in the order sent.
#[derive(Debug, Default)]
pub struct Files {
    parts: Vec<(&'static str, FilePart)>,
}

impl Files {
    /// Takes the first file sent as `name`.
    pub fn one(&mut self, name: &str) -> Option<FilePart> {
        let index = self.parts.iter().position(|(part, _)| *part == name)?;
        Some(self.parts.remove(index).1)
    }

    /// Takes every file sent as `name`.
    pub fn all(&mut self, name: &str) -> Vec<FilePart> {
        let (taken, kept) = std::mem::take(&mut self.parts)
            .into_iter()
            .partition(|(part, _)| *part == name);
        self.parts = kept;
        taken.into_iter().map(|(_, file)| file).collect()
    }

    fn count(&self, name: &str) -> usize {
        self.parts.iter().filter(|(part, _)| *part == name).count()
    }
}

/// A file part of a multipart body, received whole: small files in memory,
/// larger ones in a temporary file deleted when the part is dropped.
pub struct FilePart {
    file_name: Option<String>,
    content_type: Option<String>,
    len: u64,
    data: Data,
}

enum Data {
    Memory(Bytes),
    Spooled(tempfile::TempPath),
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.len)
            .field("spooled", &self.spooled_path())
            .finish()
    }
}

impl FilePart {
    /// A file part holding `bytes`, as a test or a layer may build one.
    pub fn from_bytes(
        bytes: impl Into<Bytes>,
        file_name: Option<String>,
        content_type: Option<String>,
    ) -> Self {
        let bytes = bytes.into();
        Self {
            file_name,
            content_type,
            len: bytes.len() as u64,
            data: Data::Memory(bytes),
        }
    }

    /// The file name the client gave (`filename` of the part's
    /// `content-disposition`), as sent: never use it as a path.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The part's `content-type`, as sent.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The size in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the file is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Where the file waits on disk, when it was too large to keep in
    /// memory.
    pub fn spooled_path(&self) -> Option<&Path> {
        match &self.data {
            Data::Memory(_) => None,
            Data::Spooled(path) => Some(path),
        }
    }

    /// The whole file in memory.
    pub async fn bytes(self) -> io::Result<Bytes> {
        match self.data {
            Data::Memory(bytes) => Ok(bytes),
            Data::Spooled(path) => tokio::fs::read(&path).await.map(Bytes::from),
        }
    }

    /// The file as a stream of chunks (a spooled file is read as it goes,
    /// and deleted when the stream is dropped).
    pub fn into_stream(self) -> BoxStream<'static, io::Result<Bytes>> {
        match self.data {
            Data::Memory(bytes) => stream::once(async move { Ok(bytes) }).boxed(),
            Data::Spooled(path) => {
                let opened = async move {
                    let file = tokio::fs::File::open(&path).await?;
                    // The stream owns the temporary file until it is dropped.
                    Ok::<_, io::Error>(tokio_util::io::ReaderStream::new(file).map(move |chunk| {
                        let _owner = &path;
                        chunk
                    }))
                };
                stream::once(opened).try_flatten().boxed()
            }
        }
    }

    /// Stores the file at `path`: a spooled file is moved there when it can
    /// be (same file system), else copied.
    pub async fn persist(self, path: impl AsRef<Path>) -> io::Result<()> {
        let path = path.as_ref();
        match self.data {
            Data::Memory(bytes) => tokio::fs::write(path, &bytes).await,
            Data::Spooled(spooled) => {
                let target = path.to_owned();
                let moved = tokio::task::spawn_blocking(move || spooled.persist(&target))
                    .await
                    .map_err(io::Error::other)?;
                match moved {
                    Ok(()) => Ok(()),
                    Err(error) => {
                        let spooled = error.path;
                        tokio::fs::copy(&spooled, path).await.map(drop)
                    }
                }
            }
        }
    }
}

/// Why reading a multipart body stopped.
enum Stop {
    /// A 400 violation, recorded.
    Invalid,
    /// Another answer (413, 408, 500).
    Refused(Response),
}

/// What is left of a request's allowances while its parts are read.
struct Budget {
    /// Bytes of text parts still allowed (the buffered-body limit).
    text: usize,
    text_limit: usize,
    /// Bytes of files still allowed in memory.
    memory: usize,
}

/// A text part as received.
struct Text {
    name: &'static str,
    text: String,
    content_type: Option<String>,
}

impl Input {
    /// Reads a `multipart/form-data` body whole into `form`'s parts (text
    /// parts decoded and validated, file parts in memory or spooled), and hands the result to `build`: the
    /// generated code's typed parts. Every violation is recorded; a body
    /// over a limit is a 413.
    pub async fn form<T, P>(
        &mut self,
        required: bool,
        form: &Form<'_>,
        build: impl FnOnce(FormData<T>) -> Option<P>,
    ) -> Decoded<P>
    where
        T: DeserializeOwned + Validate,
    {
        let (mut multipart, mut budget) = match self.open_form(required).await {
            Ok(opened) => opened,
            Err(ended) => return ended,
        };
        let mut texts = Vec::new();
        let mut files = Files::default();
        let mut unknown: Vec<String> = Vec::new();
        let before = self.violations.len();
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => break,
                Err(error) => {
                    let stop = self.multipart_failed(&error);
                    return self.stop(stop);
                }
            };
            let Some(name) = field.name().map(part_name) else {
                continue;
            };
            let Some(part) = form.part(&name) else {
                if form.closed && !unknown.contains(&name) {
                    unknown.push(name);
                }
                // Dropped unread: the reader skips to the next part.
                continue;
            };
            let read = match part.kind {
                PartKind::Text(_) => read_text(part.name, field, &mut budget)
                    .await
                    .map(|text| texts.push(text)),
                PartKind::File | PartKind::Files => read_file(field, &mut budget)
                    .await
                    .map(|file| files.parts.push((part.name, file))),
            };
            if let Err(failure) = read
                && let Some(stop) = self.part_failed(failure, part.pointer())
            {
                return self.stop(stop);
            }
        }
        for name in unknown {
            let pointer = format!("/{}", escape_pointer_segment(&name));
            self.violations
                .push(FieldError::body(pointer, "is not a part of this form"));
        }
        let fields = self.model::<T>(form, &texts, &files, before);
        match fields {
            Some(fields) if self.violations.len() == before => {
                match build(FormData { fields, files }) {
                    Some(built) => Decoded::Present(built),
                    None => {
                        self.violations
                            .push(FieldError::body("", "The multipart body is incomplete."));
                        Decoded::Invalid
                    }
                }
            }
            _ => Decoded::Invalid,
        }
    }

    /// A typed body (JSON, XML, or `application/x-www-form-urlencoded`)
    /// where a URL-encoded one is read by `form`'s parts, as a multipart
    /// form's text parts are: a name given more than once is a list, `null`
    /// is null where the member is not text, and numbers and booleans are
    /// parsed by the member's shape; an empty body is an empty form. An
    /// XML body is read by `xml`, if given (see
    /// [`body_with_xml`](Self::body_with_xml)).
    pub fn body_with_form<T: DeserializeOwned + Validate>(
        &mut self,
        required: bool,
        form: &Form<'_>,
        xml: Option<&crate::xml::Node>,
    ) -> Decoded<T> {
        if !is_urlencoded(&self.context.headers) {
            return self.body_with_xml(required, xml.unwrap_or(&crate::xml::Node::Any));
        }
        // No bytes under that content type are an empty form, held to the
        // form's rules, even where the body may be left out: a request
        // leaving it out sends no content type.
        let pairs: Vec<(String, String)> = match serde_urlencoded::from_bytes(&self.buffered) {
            Ok(pairs) => pairs,
            Err(error) => {
                self.violations.push(FieldError::body(
                    "",
                    format!("The form body is invalid: {error}."),
                ));
                return Decoded::Invalid;
            }
        };
        let before = self.violations.len();
        let pairs = split_delimited(form, pairs);
        let pairs = gather_exploded_objects(form, gather_deep_objects(form, pairs));
        let pairs = pairs.into_iter().map(|(name, text)| {
            let text = Text {
                name: "",
                text,
                content_type: None,
            };
            (name, text)
        });
        let texts = self.texts_of_parts(form, pairs, before);
        self.form_model(form, &texts, before)
    }

    /// The texts of `pairs` (a part's name, its text) that `form` has a
    /// part for, named as that part; a name it has none for is refused
    /// (once) when the form is closed, else skipped.
    fn texts_of_parts(
        &mut self,
        form: &Form<'_>,
        pairs: impl IntoIterator<Item = (String, Text)>,
        before: usize,
    ) -> Vec<Text> {
        let mut texts = Vec::new();
        for (name, text) in pairs {
            match form.part(&name) {
                Some(part) => texts.push(Text {
                    name: part.name,
                    ..text
                }),
                None if form.closed => {
                    let pointer = format!("/{}", escape_pointer_segment(&name));
                    if !self.violations[before..]
                        .iter()
                        .any(|e| e.pointer == pointer)
                    {
                        self.violations
                            .push(FieldError::body(pointer, "is not a member of this form"));
                    }
                }
                None => {}
            }
        }
        texts
    }

    /// The model of a form without files, from its text parts.
    fn form_model<T: DeserializeOwned + Validate>(
        &mut self,
        form: &Form<'_>,
        texts: &[Text],
        before: usize,
    ) -> Decoded<T> {
        match self.model::<T>(form, texts, &Files::default(), before) {
            Some(model) if self.violations.len() == before => Decoded::Present(model),
            _ => Decoded::Invalid,
        }
    }

    /// A `multipart/form-data` body for an operation whose body is read
    /// whole (a map or a union, where the spec names no parts): every part
    /// is read as text, and the parts decode as the same pairs sent
    /// URL-encoded would, so the two form encodings agree: by `form`'s
    /// parts where given (the members of a union's variants), else as text.
    pub async fn body_from_multipart<T: DeserializeOwned + Validate>(
        &mut self,
        required: bool,
        form: Option<&Form<'_>>,
    ) -> Decoded<T> {
        let (mut multipart, mut budget) = match self.open_form(required).await {
            Ok(opened) => opened,
            Err(ended) => return ended,
        };
        let mut pairs = Vec::new();
        let before = self.violations.len();
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => break,
                Err(error) => {
                    let stop = self.multipart_failed(&error);
                    return self.stop(stop);
                }
            };
            let Some(name) = field.name().map(part_name) else {
                continue;
            };
            // The part's name is kept in `pairs`; the text's own stays unset.
            match read_text("", field, &mut budget).await {
                Ok(text) => pairs.push((name, text)),
                Err(failure) => {
                    let pointer = format!("/{}", escape_pointer_segment(&name));
                    if let Some(stop) = self.part_failed(failure, pointer) {
                        return self.stop(stop);
                    }
                }
            }
        }
        if self.violations.len() > before {
            return Decoded::Invalid;
        }
        let Some(form) = form else {
            let pairs: Vec<(String, String)> = pairs
                .into_iter()
                .map(|(name, text)| (name, text.text))
                .collect();
            let form = serde_urlencoded::to_string(&pairs).unwrap_or_default();
            return self.urlencoded(form.as_bytes());
        };
        let texts = self.texts_of_parts(form, pairs, before);
        self.form_model(form, &texts, before)
    }

    /// The multipart body to read and the budget its parts share; the
    /// decoding's end instead when there is no body or it is no multipart.
    async fn open_form<P>(&mut self, required: bool) -> Result<(Multipart, Budget), Decoded<P>> {
        match self.open_multipart().await {
            Ok(Some(multipart)) => Ok((
                multipart,
                Budget {
                    text: self.limits.body,
                    text_limit: self.limits.body,
                    memory: self.limits.upload_memory,
                },
            )),
            Ok(None) => Err(self.missing_body(required)),
            Err(detail) => {
                self.violations.push(FieldError::body("", detail));
                Err(Decoded::Invalid)
            }
        }
    }

    /// Records why the part at `pointer` could not be read; what stops
    /// the reading, if it does (a part that is not text does not).
    fn part_failed(&mut self, failure: Failure, pointer: String) -> Option<Stop> {
        Some(match failure {
            Failure::Multipart(error) => self.multipart_failed(&error),
            Failure::TooLarge(limit) => Stop::Refused(self.too_large(limit)),
            Failure::NotText => {
                self.violations
                    .push(FieldError::body(pointer, "is not UTF-8 text"));
                return None;
            }
            Failure::Io(error) => {
                tracing::error!(%error, "cannot spool a file part to disk");
                Stop::Refused(
                    Problem::internal()
                        .with_request_id(self.context.request_id.as_str())
                        .into_response(),
                )
            }
        })
    }

    /// The body's model from a form's text parts and files, validated;
    /// every violation since `before` is recorded once.
    fn model<T: DeserializeOwned + Validate>(
        &mut self,
        form: &Form<'_>,
        texts: &[Text],
        files: &Files,
        before: usize,
    ) -> Option<T> {
        let (object, wide) = self.members(form, texts, files);
        // What placeholders stand for (missing or unreadable parts, files)
        // is not reported again by the decoding and the validation.
        let reported: Vec<String> = self.violations[before..]
            .iter()
            .map(|error| error.pointer.clone())
            .collect();
        let new = |error: &FieldError| {
            !about_a_file(form, &error.pointer)
                && !reported
                    .iter()
                    .any(|pointer| within(&error.pointer, pointer))
        };
        let object = Value::Object(object);
        let (mut fields, mut errors) = decoded_model::<T>(&object, &wide);
        // `null` is also how a nullable string member's null is sent
        // (Python clients and schemathesis write None so): where the string
        // it spells breaks the schema, the member is read again as null.
        let spelled_null: Vec<&str> = form
            .parts
            .iter()
            .filter(|part| {
                part.nullable
                    && object.get(part.name).and_then(Value::as_str) == Some("null")
                    && errors.iter().any(|e| within(&e.pointer, &part.pointer()))
            })
            .map(|part| part.name)
            .collect();
        if !spelled_null.is_empty() {
            let mut again = object.clone();
            for name in spelled_null {
                again[name] = Value::Null;
            }
            let (fields_again, errors_again) = decoded_model::<T>(&again, &wide);
            if errors_again.len() < errors.len() {
                (fields, errors) = (fields_again, errors_again);
            }
        }
        self.violations
            .extend(errors.into_iter().filter(|error| new(error)));
        fields
    }

    /// The JSON object the body's model is decoded from: each text part as
    /// its schema expects it, each file as a placeholder (an empty string;
    /// for an array, one distinct string per file) so that required and
    /// counted file members are there. Missing required parts and parts
    /// that cannot be read are recorded, and stood in for by placeholders
    /// too when required, so that the decoding goes on to check the others.
    /// Beside it, the parts sent as JSON text holding an integer past 64
    /// bits, which a `Value` cannot hold, by name with that text.
    fn members(
        &mut self,
        form: &Form<'_>,
        texts: &[Text],
        files: &Files,
    ) -> (Map<String, Value>, Vec<(&'static str, String)>) {
        let mut object = Map::new();
        let mut wide = Vec::new();
        let urlencoded = is_urlencoded(&self.context.headers);
        for part in form.parts {
            let name = part.name;
            let value = match part.kind {
                PartKind::Text(shape) => {
                    let sent: Vec<&Text> = texts.iter().filter(|t| t.name == name).collect();
                    if sent.is_empty() && part.null_when_absent {
                        Some(Value::Null)
                    } else if sent.is_empty() && matches!(shape, Shape::Array(_)) {
                        // An empty list has no form encoding: absent is empty
                        // (`minItems` still applies).
                        part.required.then(|| Value::Array(Vec::new()))
                    } else if sent.is_empty() && part.empty_when_absent && urlencoded {
                        Some(Value::Object(Map::new()))
                    } else if sent.is_empty() {
                        self.missing(part).then(|| placeholder(shape))
                    } else if part.null_text
                        && matches!(sent.as_slice(), [one] if one.text == "null")
                    {
                        Some(Value::Null)
                    } else {
                        match text_value(&sent, shape, part.nullable) {
                            // JSON text with an integer past 64 bits, which
                            // the value holds as a float: the model reads
                            // the text instead (a union's plain text stays
                            // text, for its variants to read).
                            Ok(value)
                                if let [one] = sent.as_slice()
                                    && !value.is_string()
                                    && crate::json::writes_wide_integer(&one.text)
                                    && serde_json::from_str::<serde::de::IgnoredAny>(&one.text)
                                        .is_ok() =>
                            {
                                wide.push((name, one.text.clone()));
                                Some(value)
                            }
                            Ok(value) => Some(value),
                            Err(_) if let Some(texts) = wide_integer_texts(&sent, shape) => {
                                Some(texts)
                            }
                            Err(detail) => {
                                self.violations
                                    .push(FieldError::body(part.pointer(), detail));
                                part.required.then(|| placeholder(shape))
                            }
                        }
                    }
                }
                PartKind::File => match files.count(name) {
                    0 => self.missing(part).then(|| Value::String(String::new())),
                    1 => Some(Value::String(String::new())),
                    _ => {
                        self.violations
                            .push(FieldError::body(part.pointer(), "is sent more than once"));
                        Some(Value::String(String::new()))
                    }
                },
                PartKind::Files => {
                    // Distinct, and valid base64 should the member be bytes;
                    // no file at all is the empty list, as for text parts.
                    let placeholders: Vec<Value> = (0..files.count(name))
                        .map(|i| Value::String(base64_digits(i)))
                        .collect();
                    (!placeholders.is_empty() || part.required)
                        .then_some(Value::Array(placeholders))
                }
            };
            if let Some(value) = value {
                object.insert(name.to_owned(), value);
            }
        }
        (object, wide)
    }

    /// Records a required part as missing; whether it is.
    fn missing(&mut self, part: &FormPart) -> bool {
        if part.required {
            self.violations
                .push(FieldError::body(part.pointer(), "is required"));
        }
        part.required
    }

    /// What a failed multipart read means: 413 past the streamed-body
    /// limit, 400 for a malformed body, 408 when the body stops arriving.
    fn multipart_failed(&mut self, error: &MultipartError) -> Stop {
        match error.status() {
            StatusCode::PAYLOAD_TOO_LARGE => Stop::Refused(self.too_large(self.limits.upload)),
            StatusCode::BAD_REQUEST => {
                self.violations
                    .push(FieldError::body("", error.body_text()));
                Stop::Invalid
            }
            _ => Stop::Refused(
                Problem::for_status(StatusCode::REQUEST_TIMEOUT.as_u16())
                    .with_detail("The request body did not arrive in time.")
                    .with_request_id(self.context.request_id.as_str())
                    .into_response(),
            ),
        }
    }

    fn too_large(&self, limit: usize) -> Response {
        Input::answer(Rejection::PayloadTooLarge { limit }, &self.context)
    }

    fn stop<P>(&mut self, stop: Stop) -> Decoded<P> {
        if let Stop::Refused(response) = stop {
            self.refused = Some(Box::new(response));
        }
        Decoded::Invalid
    }
}

/// Why one part could not be read.
enum Failure {
    Multipart(MultipartError),
    /// Over a limit, in bytes.
    TooLarge(usize),
    NotText,
    Io(io::Error),
}

impl From<MultipartError> for Failure {
    fn from(error: MultipartError) -> Self {
        Self::Multipart(error)
    }
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Self::Io(error)
    }
}

async fn read_text(
    name: &'static str,
    mut field: Field<'_>,
    budget: &mut Budget,
) -> Result<Text, Failure> {
    let content_type = field.content_type().map(str::to_owned);
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await? {
        budget.text = budget
            .text
            .checked_sub(chunk.len())
            .ok_or(Failure::TooLarge(budget.text_limit))?;
        bytes.extend_from_slice(&chunk);
    }
    let text = String::from_utf8(bytes).map_err(|_| Failure::NotText)?;
    Ok(Text {
        name,
        text,
        content_type,
    })
}

/// Receives a file part: in memory while the request's files fit the
/// memory allowance, then in a temporary file.
async fn read_file(mut field: Field<'_>, budget: &mut Budget) -> Result<FilePart, Failure> {
    let file_name = field.file_name().map(part_name);
    let content_type = field.content_type().map(str::to_owned);
    let mut memory = BytesMut::new();
    let mut spool: Option<(tokio::fs::File, tempfile::TempPath)> = None;
    let mut len = 0u64;
    while let Some(chunk) = field.chunk().await? {
        len += chunk.len() as u64;
        if spool.is_none() {
            if let Some(left) = budget.memory.checked_sub(chunk.len()) {
                budget.memory = left;
                memory.extend_from_slice(&chunk);
                continue;
            }
            // Too large for memory: what was held moves to disk, and its
            // allowance goes back to the next files.
            let (file, path) = tokio::task::spawn_blocking(tempfile::NamedTempFile::new)
                .await
                .map_err(io::Error::other)??
                .into_parts();
            let mut file = tokio::fs::File::from_std(file);
            file.write_all(&memory).await?;
            budget.memory += memory.len();
            memory = BytesMut::new();
            spool = Some((file, path));
        }
        if let Some((file, _)) = &mut spool {
            file.write_all(&chunk).await?;
        }
    }
    let data = match spool {
        Some((mut file, path)) => {
            file.flush().await?;
            Data::Spooled(path)
        }
        None => Data::Memory(memory.freeze()),
    };
    Ok(FilePart {
        file_name,
        content_type,
        len,
        data,
    })
}

/// URL-encoded `pairs` with each part sent delimited
/// ([`FormPart::delimited`]) as the other parts are: a list as one pair per
/// item, as an exploded list is sent (empty text, the empty list, is then
/// no pair: absent, which a required list reads as empty), and an object
/// as its JSON text.
fn split_delimited(form: &Form<'_>, pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    if form.parts.iter().all(|part| part.delimiter.is_none()) {
        return pairs;
    }
    let mut split = Vec::with_capacity(pairs.len());
    for (name, text) in pairs {
        let delimited = form
            .part(&name)
            .and_then(|part| Some((part.kind, part.delimiter?)));
        match delimited {
            Some((PartKind::Text(shape @ (Shape::Object(_) | Shape::Record(_))), _)) => {
                // Members no value of their shapes stay text, for the
                // model to refuse at their own pointers.
                let object =
                    crate::encoding::keeping_texts(|| params::decode_header(&text, shape, false));
                split.push((name, object.map_or(text, |object| object.to_string())));
            }
            Some((_, delimiter)) => split.extend(
                (text.split(delimiter))
                    .filter(|_| !text.is_empty())
                    .map(|item| (name.clone(), item.to_owned())),
            ),
            None => split.push((name, text)),
        }
    }
    split
}

/// URL-encoded `pairs` with the members of an object part sent in the
/// `deepObject` style (`address[city]=Paris`, `tags[colours][]=red`: how an
/// `encoding` entry may say to send it, and how Stripe-style forms do)
/// gathered under the part's name, as its JSON text; and the items of a
/// list part sent in bracketed names (`expand[]=a`, `items[0][price]=…`)
/// as one pair per item. A part also sent by its own name is left alone
/// (its bracketed names stay unknown), as is a name that is a part's own.
/// A union's members are read as text, which its variants then type.
fn gather_deep_objects(form: &Form<'_>, pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    let sent = |name: &str| pairs.iter().any(|(sent, _)| sent == name);
    // The part a bracketed name belongs to, and its shape.
    let owner = |name: &str| {
        let (owner, _) = name.split_once('[')?;
        let part = form.part(owner)?;
        let PartKind::Text(shape) = part.kind else {
            return None;
        };
        let deep = name.ends_with(']') && form.part(name).is_none() && !sent(owner);
        deep.then_some((part.name, shape))
    };
    let mut owners: Vec<Option<(&str, Shape)>> =
        pairs.iter().map(|(name, _)| owner(name)).collect();
    let mut parts: Vec<(&str, Shape)> = Vec::new();
    for &found in owners.iter().flatten() {
        if !parts.iter().any(|(name, _)| *name == found.0) {
            parts.push(found);
        }
    }
    let mut gathered: Vec<(String, String)> = Vec::new();
    for (name, shape) in parts {
        match gathered_part(&pairs, name, shape) {
            Some(texts) => gathered.extend(texts.into_iter().map(|text| (name.to_owned(), text))),
            // Not the part's: its bracketed names stay unknown.
            None => (owners.iter_mut())
                .filter(|owner| owner.is_some_and(|(owner, _)| owner == name))
                .for_each(|owner| *owner = None),
        }
    }
    if owners.iter().all(Option::is_none) {
        return pairs;
    }
    let rest = pairs
        .into_iter()
        .zip(&owners)
        .filter(|(_, owner)| owner.is_none());
    gathered.extend(rest.map(|(pair, _)| pair));
    gathered
}

/// The texts part `name` of `shape` is read from, given in bracketed names
/// only: an object's (or a union's) JSON text; a list's items, one text
/// each (an item that nests further as its JSON text, where the items are
/// free-form). `None` where the names cannot be the part's (nested names
/// for a scalar, or for a list's scalar items).
fn gathered_part(pairs: &[(String, String)], name: &str, shape: Shape) -> Option<Vec<String>> {
    let object = |shape| {
        params::decode_query(pairs, name, shape, Style::DeepObject, true)
            .ok()
            .flatten()
            .unwrap_or_else(|| deep_object_texts(pairs, name))
    };
    match shape {
        Shape::Array(kind) => (params::deep_object_list(pairs, name)?.into_iter())
            .map(|item| match item {
                Value::String(text) => Some(text),
                nested => kind.may_nest().then(|| nested.to_string()),
            })
            .collect(),
        // A union's members as text, for its variants to read (a list where
        // the names are indexes: see `Buffered::spelled`).
        Shape::Scalar(Kind::Any | Kind::Union | Kind::Json) => {
            Some(vec![object(Shape::Object(Kind::String)).to_string()])
        }
        Shape::Object(_) | Shape::Record(_) => Some(vec![object(shape).to_string()]),
        Shape::Scalar(_) => None,
    }
}

/// The `deepObject` members of `name` that `pairs` give, as text: a
/// member's one text a string, several (or `member[]`) a list of them.
/// What a part is read as when its members are no values of their shapes
/// (a union's, or members whose text is wrong), for the decoding to type
/// each, or refuse it at its own pointer.
fn deep_object_texts(pairs: &[(String, String)], name: &str) -> Value {
    let mut members: Map<String, Value> = Map::new();
    for (key, list, text) in params::deep_object_members(pairs, name) {
        let text = Value::from(text);
        match (members.get_mut(list.unwrap_or(key)), list) {
            (Some(Value::Array(items)), _) => items.push(text),
            (Some(one), _) => *one = Value::Array(vec![one.take(), text]),
            (None, Some(list)) => {
                members.insert(list.to_owned(), Value::Array(vec![text]));
            }
            (None, None) => {
                members.insert(key.to_owned(), text);
            }
        }
    }
    Value::Object(members)
}

/// URL-encoded `pairs` with the members of an object part gathered under
/// its name, as its JSON text. OpenAPI encodes an object member of a form
/// `style: form, explode: true` unless told otherwise: its properties as
/// pairs of their own, the member's name left out. So a name no part has
/// belongs to the one object part, not sent by its own name, that has a
/// property of that name; a name several such parts have stays unknown.
fn gather_exploded_objects(form: &Form<'_>, pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    let sent = |name: &str| pairs.iter().any(|(sent, _)| sent == name);
    let objects: Vec<&FormPart> = (form.parts.iter())
        .filter(|part| matches!(part.kind, PartKind::Text(Shape::Record(_))) && !sent(part.name))
        .collect();
    if objects.is_empty() {
        return pairs;
    }
    let has_member = |part: &FormPart, name: &str| match part.kind {
        PartKind::Text(Shape::Record(members)) => members.iter().any(|(member, _)| *member == name),
        _ => false,
    };
    let owner = |name: &str| {
        let mut owners = objects.iter().filter(|part| has_member(part, name));
        match (owners.next(), owners.next()) {
            (Some(part), None) if form.part(name).is_none() => Some(part.name),
            _ => None,
        }
    };
    let (gathered, mut kept): (Vec<_>, Vec<_>) = pairs
        .into_iter()
        .partition(|(name, _)| owner(name).is_some());
    for part in &objects {
        let PartKind::Text(shape) = part.kind else {
            continue;
        };
        let members: Vec<(&str, &str)> = (gathered.iter())
            .filter(|(name, _)| owner(name) == Some(part.name))
            .map(|(name, text)| (name.as_str(), text.as_str()))
            .collect();
        if members.is_empty() {
            continue;
        }
        // Members whose text is no value of their shape are kept as text,
        // for the decoding to refuse each at its own pointer.
        let object = params::exploded_object(shape, members.iter().copied()).unwrap_or_else(|_| {
            let texts =
                (members.iter()).map(|(name, text)| ((*name).to_owned(), Value::from(*text)));
            Value::Object(texts.collect())
        });
        kept.push((part.name.to_owned(), object.to_string()));
    }
    kept
}

/// The body's model decoded from a form's members and validated, with what
/// the decoding or the validation found wrong.
fn decoded_model<T: DeserializeOwned + Validate>(
    object: &Value,
    wide: &[(&str, String)],
) -> (Option<T>, Vec<FieldError>) {
    // A part's text may spell what a union member's variant reads.
    let decoded = crate::encoding::decoding_request(|| {
        crate::encoding::reading_text(|| match object {
            Value::Object(members) if !wide.is_empty() => {
                crate::json::from_slice::<T>(json_text(members, wide).as_bytes())
            }
            // Members built from bracketed names hold texts at any depth.
            _ => crate::encoding::typing_texts(|| crate::json::from_value::<T>(object)),
        })
    });
    match decoded {
        Ok(fields) => {
            let mut v = Violations::new(Location::Body, "");
            fields.validate(&mut v);
            (Some(fields), v.into_errors())
        }
        Err(mut problem) => (None, std::mem::take(&mut problem.errors)),
    }
}

/// Whether the request's body is `application/x-www-form-urlencoded`.
fn is_urlencoded(headers: &axum::http::HeaderMap) -> bool {
    content_type(headers).is_some_and(|media| media == "application/x-www-form-urlencoded")
}

/// The JSON value of a text part (all the parts sent under its name) for
/// a member of `shape` (which may be null where `nullable`); `Err` says why
/// the text is not one.
fn text_value(sent: &[&Text], shape: Shape, nullable: bool) -> Result<Value, String> {
    match shape {
        Shape::Array(_) if nullable && matches!(sent, [one] if one.text == "null") => {
            Ok(Value::Null)
        }
        Shape::Scalar(kind) => match sent {
            [one] => item(one, kind),
            // A free-form value may be a list: a repeated name is one.
            _ if kind.may_nest() => sent
                .iter()
                .map(|text| item(text, kind))
                .collect::<Result<_, _>>()
                .map(Value::Array),
            _ => Err("is sent more than once".into()),
        },
        Shape::Array(kind) => {
            // One JSON array, or one part per item (as the client sends).
            if let [one] = sent
                && is_json(one)
                && let Ok(Value::Array(items)) = serde_json::from_str(&one.text)
            {
                return Ok(Value::Array(items));
            }
            sent.iter()
                .map(|text| item(text, kind))
                .collect::<Result<_, _>>()
                .map(Value::Array)
        }
        Shape::Object(_) | Shape::Record(_) => match sent {
            [one] => params::decode_json(&one.text),
            _ => Err("is sent more than once".into()),
        },
    }
}

/// An integer part past 64 bits (and within 128), or a list of them one
/// part per item, as the digits' text: a `Value` holds no such number,
/// and the model reads the text as the integer it spells
/// ([`typing_texts`](crate::encoding::typing_texts)), exactly.
fn wide_integer_texts(sent: &[&Text], shape: Shape) -> Option<Value> {
    let integer = |part: &Text| params::integer_json(&part.text).map(Value::String);
    match (shape, sent) {
        (Shape::Scalar(Kind::Integer), [one]) => integer(one),
        (Shape::Array(Kind::Integer), _) => sent.iter().map(|part| integer(part)).collect(),
        _ => None,
    }
}

/// `object` as JSON text, the members `wide` names written as their JSON
/// text.
fn json_text(object: &Map<String, Value>, wide: &[(&str, String)]) -> String {
    let members: Vec<String> = object
        .iter()
        .map(|(name, value)| {
            let value = match wide.iter().find(|(part, _)| part == name) {
                Some((_, text)) => text.clone(),
                None => value.to_string(),
            };
            format!("{}:{value}", Value::from(name.as_str()))
        })
        .collect();
    format!("{{{}}}", members.join(","))
}

/// One value of `kind` from a part's text: JSON when the part says it is
/// (or, for a free-form value, looks like an object or array and parses),
/// else the text read as a parameter's would be.
fn item(text: &Text, kind: Kind) -> Result<Value, String> {
    match kind {
        Kind::String => Ok(Value::String(text.text.clone())),
        _ if kind.may_nest() && is_json(text) => params::decode_json(&text.text),
        // Unlabelled text that is no JSON is still a string, which a
        // free-form value may be (the model says whether it must be more).
        _ if kind.may_nest() && text.text.trim_start().starts_with(['{', '[']) => Ok(
            params::spelled_json(&text.text).unwrap_or_else(|| Value::String(text.text.clone())),
        ),
        // Its variants read the text (`007` a string's, `7` an integer's).
        Kind::Union => Ok(Value::String(text.text.clone())),
        // Not a string, so `null` can only mean null (the model says
        // whether the member may be null).
        _ if text.text == "null" => Ok(Value::Null),
        _ => params::scalar(&text.text, kind),
    }
}

/// Whether a part declares a JSON content type.
fn is_json(text: &Text) -> bool {
    text.content_type.as_deref().is_some_and(|media| {
        let essence = media.split(';').next().unwrap_or("").trim();
        essence.eq_ignore_ascii_case("application/json")
            || essence.to_ascii_lowercase().ends_with("+json")
    })
}

/// Whether a violation is about a file's placeholder rather than a file
/// (what a schema says of a file's text does not apply to its bytes); the
/// number of files in an array is checked.
fn about_a_file(form: &Form<'_>, pointer: &str) -> bool {
    form.parts.iter().any(|part| match part.kind {
        PartKind::Text(_) => false,
        PartKind::File => within(pointer, &part.pointer()),
        PartKind::Files => within(pointer, &part.pointer()) && pointer != part.pointer(),
    })
}

/// Whether `pointer` is `parent` or points inside it.
fn within(pointer: &str, parent: &str) -> bool {
    pointer
        .strip_prefix(parent)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// A value of `shape` standing in for a part that is not there, so the
/// other members are still decoded and checked.
fn placeholder(shape: Shape) -> Value {
    match shape {
        Shape::Scalar(Kind::String) => Value::String(String::new()),
        Shape::Scalar(Kind::Integer | Kind::Number) => Value::from(0),
        Shape::Scalar(Kind::Boolean) => Value::Bool(false),
        Shape::Scalar(Kind::Any | Kind::Union | Kind::Json) => Value::Null,
        Shape::Array(_) => Value::Array(Vec::new()),
        Shape::Object(_) | Shape::Record(_) => Value::Object(Map::new()),
    }
}

/// `i` as base64 text of its decimal digits: distinct placeholders, each
/// valid whether the member is text or bytes.
fn base64_digits(i: usize) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(i.to_string())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use futures_util::TryStreamExt;
    use serde_json::json;

    use super::{Data, FilePart, Files, Kind, Shape, Text, text_value};

    /// A file part spooled to a temporary file holding `bytes`.
    fn spooled(bytes: &[u8]) -> FilePart {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(bytes).unwrap();
        FilePart {
            file_name: Some("big.bin".into()),
            content_type: None,
            len: bytes.len() as u64,
            data: Data::Spooled(file.into_temp_path()),
        }
    }

    fn text(value: &str, content_type: Option<&str>) -> Text {
        Text {
            name: "p",
            text: value.to_owned(),
            content_type: content_type.map(str::to_owned),
        }
    }

    #[test]
    fn text_parts_become_the_members_their_schema_expects() {
        let plain = |v: &str| text(v, None);
        let cases = [
            (
                vec![plain("12")],
                Shape::Scalar(Kind::Integer),
                Ok(json!(12)),
            ),
            (
                vec![plain("12")],
                Shape::Scalar(Kind::String),
                Ok(json!("12")),
            ),
            (
                vec![plain("true")],
                Shape::Scalar(Kind::Boolean),
                Ok(json!(true)),
            ),
            (vec![plain("x")], Shape::Scalar(Kind::Number), Err(())),
            (
                vec![plain("null")],
                Shape::Scalar(Kind::Integer),
                Ok(json!(null)),
            ),
            (
                vec![plain("null")],
                Shape::Scalar(Kind::String),
                Ok(json!("null")),
            ),
            (
                vec![plain("a"), plain("b")],
                Shape::Array(Kind::String),
                Ok(json!(["a", "b"])),
            ),
            (
                vec![plain("1"), plain("2")],
                Shape::Array(Kind::Integer),
                Ok(json!([1, 2])),
            ),
            (
                vec![text("[1, 2]", Some("application/json"))],
                Shape::Array(Kind::Integer),
                Ok(json!([1, 2])),
            ),
            (
                vec![plain(r#"{"a": 1}"#)],
                Shape::Object(Kind::Any),
                Ok(json!({"a": 1})),
            ),
            (vec![plain("{not json")], Shape::Object(Kind::Any), Err(())),
            (
                vec![plain(r#"{"a": 1}"#)],
                Shape::Scalar(Kind::Any),
                Ok(json!({"a": 1})),
            ),
            (
                vec![plain("words")],
                Shape::Scalar(Kind::Any),
                Ok(json!("words")),
            ),
            (
                vec![plain("{not json")],
                Shape::Scalar(Kind::Any),
                Ok(json!("{not json")),
            ),
            (
                vec![text("{not json", Some("application/json"))],
                Shape::Array(Kind::Any),
                Err(()),
            ),
            (
                vec![plain("[1]"), plain("[{'a': 1}]")],
                Shape::Array(Kind::Any),
                Ok(json!([[1], "[{'a': 1}]"])),
            ),
            (
                vec![plain("a"), plain("b")],
                Shape::Scalar(Kind::String),
                Err(()),
            ),
            (
                vec![plain("words"), plain(r#"{"a": 1}"#)],
                Shape::Scalar(Kind::Any),
                Ok(json!(["words", {"a": 1}])),
            ),
        ];
        for (sent, shape, expected) in cases {
            let sent: Vec<&Text> = sent.iter().collect();
            let got = text_value(&sent, shape, false).map_err(|_| ());
            assert_eq!(got, expected, "{shape:?}");
        }
    }

    #[tokio::test]
    async fn files_are_taken_by_name_in_order() {
        let file = |b: &'static [u8]| FilePart::from_bytes(b, None, None);
        let mut files = Files {
            parts: vec![("a", file(b"1")), ("b", file(b"2")), ("a", file(b"3"))],
        };
        let all: Vec<_> = files.all("a");
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].len(), 1);
        assert_eq!(all.into_iter().next().unwrap().bytes().await.unwrap(), "1");
        assert!(files.one("a").is_none());
        assert_eq!(files.one("b").unwrap().bytes().await.unwrap(), "2");
    }

    #[tokio::test]
    async fn spooled_files_read_back_and_go_away() {
        let file = spooled(b"spooled bytes");
        let path = file.spooled_path().unwrap().to_owned();
        assert_eq!(file.bytes().await.unwrap(), "spooled bytes");
        assert!(!path.exists(), "deleted with the part");

        let file = spooled(b"streamed");
        let path = file.spooled_path().unwrap().to_owned();
        let stream = file.into_stream();
        assert!(path.exists(), "kept while its stream lives");
        let chunks: Vec<_> = stream.try_collect().await.unwrap();
        assert_eq!(chunks.concat(), b"streamed");
        assert!(!path.exists(), "deleted with the stream");

        let dir = tempfile::tempdir().unwrap();
        let file = spooled(b"kept");
        let path = file.spooled_path().unwrap().to_owned();
        file.persist(dir.path().join("kept")).await.unwrap();
        assert_eq!(std::fs::read(dir.path().join("kept")).unwrap(), b"kept");
        assert!(!path.exists(), "moved, not copied");
        FilePart::from_bytes(&b"in memory"[..], None, None)
            .persist(dir.path().join("memory"))
            .await
            .unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("memory")).unwrap(),
            b"in memory"
        );
    }
}
