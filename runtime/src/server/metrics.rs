//! RED metrics per operation through the `metrics` facade: requests by
//! status class, a latency histogram and the requests in flight, named
//! after the OpenTelemetry HTTP semantic conventions.
//!
//! Handles are registered when the router is built, so a request only
//! touches atomics. Install the recorder (an exporter) before building
//! the router: without one the handles do nothing.

use std::time::Duration;

use metrics::{Counter, Gauge, Histogram, Unit};

use super::operation::CurrentOperation;

/// Requests answered, by operation and status class.
pub const REQUESTS: &str = "http_server_requests_total";
/// Time from routing to the answer's head, in seconds.
pub const DURATION: &str = "http_server_request_duration_seconds";
/// Requests being handled.
pub const ACTIVE: &str = "http_server_active_requests";
/// Requests refused by the overload guard before routing.
pub const SHED: &str = "http_server_shed_requests_total";

/// Says what each metric is, once.
pub(crate) fn describe() {
    metrics::describe_counter!(REQUESTS, "Requests answered, by status class");
    metrics::describe_histogram!(DURATION, Unit::Seconds, "Time to answer a request");
    metrics::describe_gauge!(ACTIVE, "Requests being handled");
    metrics::describe_counter!(
        SHED,
        "Requests refused with 503 because the server was at capacity"
    );
}

/// One operation's handles.
pub(crate) struct OperationMetrics {
    /// By status class: 1xx … 5xx.
    requests: [Counter; 5],
    duration: Histogram,
    active: Gauge,
}

impl OperationMetrics {
    pub(crate) fn new(info: &CurrentOperation) -> Self {
        let labels = [
            ("operation_id", info.operation.id.to_owned()),
            ("http_request_method", info.method.as_str().to_owned()),
            ("http_route", info.route.to_owned()),
        ];
        let class = |class: &'static str| {
            let mut labels = labels.to_vec();
            labels.push(("http_response_status_class", class.to_owned()));
            metrics::counter!(REQUESTS, &labels)
        };
        Self {
            requests: ["1xx", "2xx", "3xx", "4xx", "5xx"].map(class),
            duration: metrics::histogram!(DURATION, &labels),
            active: metrics::gauge!(ACTIVE, &labels),
        }
    }

    /// Counts a request in flight, until [`leave`](Self::leave) (which
    /// the edge's answer calls when it is done or dropped, so a cancelled
    /// request leaves too).
    pub(crate) fn enter(&self) {
        self.active.increment(1.0);
    }

    /// The end of a request [`enter`](Self::enter) counted.
    pub(crate) fn leave(&self) {
        self.active.decrement(1.0);
    }

    pub(crate) fn finish(&self, status: u16, elapsed: Duration) {
        let class = usize::from(status / 100).clamp(1, 5) - 1;
        self.requests[class].increment(1);
        self.duration.record(elapsed.as_secs_f64());
    }
}
