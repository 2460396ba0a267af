//! Write-through persistence in SQLite: every resource is stored as a JSON
//! document keyed by its kind and id, written in the same critical section
//! that changes it in memory, and loaded back at start-up.

use std::path::Path;

use rusqlite::{Connection, params};
use serde::Serialize;
use serde::de::DeserializeOwned;
use specforge_runtime::Problem;
use uuid::Uuid;

/// The catalog's embedded database.
pub struct Db {
    connection: Connection,
}

impl Db {
    /// Opens (creating it if needed) the database at `path`, or an in-memory
    /// one when `path` is `None`.
    pub fn open(path: Option<&Path>) -> rusqlite::Result<Self> {
        let connection = match path {
            Some(path) => Connection::open(path)?,
            None => Connection::open_in_memory()?,
        };
        connection.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             CREATE TABLE IF NOT EXISTS documents (
                 kind TEXT NOT NULL,
                 id   TEXT NOT NULL,
                 body TEXT NOT NULL,
                 PRIMARY KEY (kind, id)
             );",
        )?;
        Ok(Self { connection })
    }

    /// Every stored document of `kind`.
    pub fn load<T: DeserializeOwned>(&self, kind: &str) -> rusqlite::Result<Vec<T>> {
        let mut statement = self
            .connection
            .prepare("SELECT body FROM documents WHERE kind = ?1 ORDER BY id")?;
        let bodies = statement.query_map(params![kind], |row| row.get::<_, String>(0))?;
        bodies
            .map(|body| {
                let body = body?;
                serde_json::from_str(&body).map_err(|error| {
                    rusqlite::Error::FromSqlConversionFailure(
                        0,
                        rusqlite::types::Type::Text,
                        Box::new(error),
                    )
                })
            })
            .collect()
    }

    /// Stores (or replaces) one document.
    pub fn save<T: Serialize>(&self, kind: &str, id: Uuid, value: &T) -> Result<(), Problem> {
        let body = serde_json::to_string(value).map_err(|_| Problem::internal())?;
        self.connection
            .execute(
                "INSERT INTO documents (kind, id, body) VALUES (?1, ?2, ?3)
                 ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body",
                params![kind, id.to_string(), body],
            )
            .map(drop)
            .map_err(storage_failure)
    }

    /// Removes one document.
    pub fn delete(&self, kind: &str, id: Uuid) -> Result<(), Problem> {
        self.connection
            .execute(
                "DELETE FROM documents WHERE kind = ?1 AND id = ?2",
                params![kind, id.to_string()],
            )
            .map(drop)
            .map_err(storage_failure)
    }
}

fn storage_failure(error: rusqlite::Error) -> Problem {
    tracing::error!(%error, "the database refused a write");
    Problem::internal()
}
