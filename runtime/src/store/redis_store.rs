//! [`RedisStore`]: a [`Store`] shared by every replica, in Redis.

use std::sync::LazyLock;
use std::time::{Duration, SystemTime};

use redis::Script;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use super::{Begin, BoxFuture, RateDecision, Store, StoreError, StoredResponse, unix_millis};
use crate::rate_limit::RateLimit;

static BEGIN: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local fp = redis.call('HGET', KEYS[1], 'fp')
if not fp then
  redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'state', 'in_progress')
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {'started'}
end
if fp ~= ARGV[1] then
  return {'mismatch'}
end
if redis.call('HGET', KEYS[1], 'state') == 'completed' then
  return {'completed', redis.call('HGET', KEYS[1], 'response')}
end
return {'in_progress'}
",
    )
});

static COMPLETE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local fp = redis.call('HGET', KEYS[1], 'fp')
if fp and fp ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'state', 'completed', 'response', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
",
    )
});

static ABORT: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('HGET', KEYS[1], 'state') == 'in_progress' then
  return redis.call('DEL', KEYS[1])
end
return 0
",
    )
});

static TAKE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
end
if now > ts then
  tokens = math.min(capacity, tokens + (now - ts) * rate / 1000)
  ts = now
end
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'ts', string.format('%d', ts))
redis.call('PEXPIRE', KEYS[1], math.min(math.ceil((capacity - tokens) / rate * 1000) + 1000, 3153600000000))
return {allowed, string.format('%.17g', tokens)}
",
    )
});

/// A [`Store`] in Redis, shared by every replica.
///
/// Each operation is one Lua script, so it is atomic on the server:
///
/// - an idempotency record is a hash `<prefix>idem:<key>` with the fields
///   `fp` (fingerprint), `state` (`in_progress` or `completed`) and
///   `response` (the [`StoredResponse`] as JSON), expiring with `PEXPIRE`;
/// - a token bucket is a hash `<prefix>rl:<bucket>` with the fields
///   `tokens` and `ts` (milliseconds since the epoch, from the caller),
///   expiring once it would be full again.
///
/// Keys start with [`RedisStore::DEFAULT_PREFIX`] unless
/// [`with_prefix`](RedisStore::with_prefix) says otherwise. Cheap to clone:
/// clones share one multiplexed, auto-reconnecting connection.
///
/// # Durability
///
/// The store is exactly as durable as the Redis server's persistence
/// settings. Run Redis with `appendonly yes` and `appendfsync always` (on the
/// command line: `redis-server --appendonly yes --appendfsync always`): Redis
/// then writes each command to its append-only file and fsyncs it before
/// answering, so **a write this store reports as done (`Ok`) survives a
/// crash** of the Redis process (`kill -9`) and, the file being on disk, of
/// the machine. An idempotency record completed before the crash is
/// replayed after the restart, and an in-progress one still blocks a second
/// run until its lock expires. `runtime/tests/redis_durability.rs` checks
/// this against a real `redis-server` killed with SIGKILL.
///
/// With the default `appendfsync everysec` up to about a second of
/// acknowledged writes can be lost in a machine crash; with no persistence
/// (`appendonly no` and no snapshots) a restart forgets everything, and a
/// request retried after it runs again. Replication does not change this:
/// Redis replicates asynchronously, so a failover can lose the last writes.
/// Rate-limit buckets need no durability: a lost bucket starts full.
#[derive(Clone)]
pub struct RedisStore {
    connection: ConnectionManager,
    prefix: String,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl RedisStore {
    /// The default key prefix.
    pub const DEFAULT_PREFIX: &'static str = "specforge:";

    /// Connects to the Redis server at `url` (`redis://host:port/db`),
    /// with keys prefixed by [`DEFAULT_PREFIX`](Self::DEFAULT_PREFIX).
    ///
    /// Each connection attempt gives up after 2 s, and a server that cannot
    /// be reached is retried 3 times, at most 1 s apart, before this fails
    /// (and, later, before a lost connection is given up until the next
    /// command). For other settings, build the connection manager yourself
    /// and use [`new`](Self::new).
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let client = redis::Client::open(url).map_err(StoreError::backend)?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Duration::from_secs(2))
            .set_number_of_retries(3)
            .set_factor(2)
            .set_max_delay(1000);
        let connection = ConnectionManager::new_with_config(client, config)
            .await
            .map_err(StoreError::backend)?;
        Ok(Self::new(connection))
    }

    /// A store on an existing connection manager, with keys prefixed by
    /// [`DEFAULT_PREFIX`](Self::DEFAULT_PREFIX).
    pub fn new(connection: ConnectionManager) -> Self {
        Self {
            connection,
            prefix: Self::DEFAULT_PREFIX.to_owned(),
        }
    }

    /// Uses `prefix` before every key (to share a Redis database between
    /// services or test runs).
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// The key prefix.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    fn idempotency_key(&self, key: &str) -> String {
        format!("{}idem:{key}", self.prefix)
    }

    fn bucket_key(&self, bucket: &str) -> String {
        format!("{}rl:{bucket}", self.prefix)
    }

    async fn begin(
        &self,
        key: &str,
        fingerprint: &str,
        lock_ttl: Duration,
    ) -> Result<Begin, StoreError> {
        let mut connection = self.connection.clone();
        let reply: Vec<String> = BEGIN
            .key(self.idempotency_key(key))
            .arg(fingerprint)
            .arg(millis(lock_ttl))
            .invoke_async(&mut connection)
            .await
            .map_err(StoreError::backend)?;
        match reply.as_slice() {
            [state] if state == "started" => Ok(Begin::Started),
            [state] if state == "in_progress" => Ok(Begin::InProgress),
            [state] if state == "mismatch" => Ok(Begin::Mismatch),
            [state, response] if state == "completed" => serde_json::from_str(response)
                .map(Begin::Completed)
                .map_err(|error| StoreError::Corrupt(error.to_string())),
            other => Err(StoreError::Corrupt(format!("unexpected reply {other:?}"))),
        }
    }

    async fn complete(
        &self,
        key: &str,
        fingerprint: &str,
        response: &StoredResponse,
        ttl: Duration,
    ) -> Result<(), StoreError> {
        let json = serde_json::to_string(response)
            .map_err(|error| StoreError::Corrupt(error.to_string()))?;
        let mut connection = self.connection.clone();
        COMPLETE
            .key(self.idempotency_key(key))
            .arg(fingerprint)
            .arg(json)
            .arg(millis(ttl))
            .invoke_async::<i64>(&mut connection)
            .await
            .map_err(StoreError::backend)?;
        Ok(())
    }

    async fn abort(&self, key: &str) -> Result<(), StoreError> {
        let mut connection = self.connection.clone();
        ABORT
            .key(self.idempotency_key(key))
            .invoke_async::<i64>(&mut connection)
            .await
            .map_err(StoreError::backend)?;
        Ok(())
    }

    async fn take(
        &self,
        bucket: &str,
        limit: RateLimit,
        now: SystemTime,
    ) -> Result<RateDecision, StoreError> {
        let mut connection = self.connection.clone();
        let (allowed, tokens): (i64, String) = TAKE
            .key(self.bucket_key(bucket))
            .arg(limit.capacity())
            .arg(limit.refill_per_second())
            .arg(unix_millis(now))
            .invoke_async(&mut connection)
            .await
            .map_err(StoreError::backend)?;
        let tokens: f64 = tokens
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("token count {tokens:?}")))?;
        Ok(RateDecision::from_tokens(allowed == 1, tokens, limit))
    }
}

/// The longest TTL sent to Redis: 100 years.
const MAX_TTL_MILLIS: u64 = 100 * 365 * 24 * 3600 * 1000;

/// A TTL in milliseconds for `PEXPIRE`, from 1 to [`MAX_TTL_MILLIS`].
fn millis(ttl: Duration) -> u64 {
    u64::try_from(ttl.as_millis())
        .unwrap_or(u64::MAX)
        .clamp(1, MAX_TTL_MILLIS)
}

impl Store for RedisStore {
    fn idempotency_begin<'a>(
        &'a self,
        key: &'a str,
        fingerprint: &'a str,
        lock_ttl: Duration,
    ) -> BoxFuture<'a, Result<Begin, StoreError>> {
        Box::pin(self.begin(key, fingerprint, lock_ttl))
    }

    fn idempotency_complete<'a>(
        &'a self,
        key: &'a str,
        fingerprint: &'a str,
        response: &'a StoredResponse,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(self.complete(key, fingerprint, response, ttl))
    }

    fn idempotency_abort<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(self.abort(key))
    }

    fn rate_limit_take<'a>(
        &'a self,
        bucket: &'a str,
        limit: RateLimit,
        now: SystemTime,
    ) -> BoxFuture<'a, Result<RateDecision, StoreError>> {
        Box::pin(self.take(bucket, limit, now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttl_millis_is_at_least_one() {
        assert_eq!(millis(Duration::ZERO), 1);
        assert_eq!(millis(Duration::from_secs(2)), 2000);
        assert_eq!(millis(Duration::MAX), MAX_TTL_MILLIS);
    }
}
