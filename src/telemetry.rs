//! Telemetry: Prometheus metrics (`GET /metrics` on the admin listener) and the sign-in funnel.
//!
//! Conventions: the `latchkey_` prefix, base units (seconds), `_total` on counters. Every label
//! value comes from a fixed set — route templates, methods, status classes, funnel steps, tiers,
//! and causes that are error ids or browser error names — never an address, id or user agent, so
//! a scrape reveals nobody and the series stay few.
//!
//! The funnel is counted twice: in this process's counters (Prometheus sums replicas) and in the
//! store by the hour ([`Funnel::flush`], every few seconds), so the admin page shows every
//! replica's numbers and they survive a restart.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::{Registry, Unit};
use time::OffsetDateTime;

use crate::clock::{Clock, on_the_hour};
use crate::domain::Tier;
use crate::error::{Error, ErrorId};
use crate::store::{FunnelCount, Store};

/// A step of the sign-in funnel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// A passkey sign-in ceremony began (options issued).
    PasskeyStarted,
    /// A passkey sign-in failed; cause: the browser's error name or the server's error id.
    PasskeyFailed,
    /// Someone signed in; cause: the way in.
    SignedIn,
    /// "Use email instead" was shown after a passkey failed.
    EmailOffered,
    /// "Use email instead" was pressed.
    EmailChosen,
    CodeRequested,
    /// A code or link was tried after it expired.
    CodeExpired,
    /// A magic link's confirm page was opened.
    LinkOpened,
    /// A passkey was saved to an account; cause: how the session saving it was made
    /// (`code`, `lookup_secret`, `recovery`, `password`: after a fallback) or `automatic`.
    PasskeySaved,
    RecoveryRequested,
    RecoveryApproved,
    RecoveryIssued,
    RecoveryCancelled,
    /// A migration prompt was shown; cause: `switch` or `disable`.
    PromptShown,
    PromptPutOff,
    PasswordDisabled,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PasskeyStarted => "passkey_started",
            Self::PasskeyFailed => "passkey_failed",
            Self::SignedIn => "signed_in",
            Self::EmailOffered => "email_offered",
            Self::EmailChosen => "email_chosen",
            Self::CodeRequested => "code_requested",
            Self::CodeExpired => "code_expired",
            Self::LinkOpened => "link_opened",
            Self::PasskeySaved => "passkey_saved",
            Self::RecoveryRequested => "recovery_requested",
            Self::RecoveryApproved => "recovery_approved",
            Self::RecoveryIssued => "recovery_issued",
            Self::RecoveryCancelled => "recovery_cancelled",
            Self::PromptShown => "prompt_shown",
            Self::PromptPutOff => "prompt_put_off",
            Self::PasswordDisabled => "password_disabled",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct FunnelLabels {
    step: &'static str,
    tier: &'static str,
    cause: &'static str,
}

/// The funnel's counters, and what this process counted since its last flush to the store.
pub struct Funnel {
    events: Family<FunnelLabels, Counter>,
    pending: Mutex<HashMap<(OffsetDateTime, FunnelLabels), i64>>,
    clock: Arc<dyn Clock>,
}

impl Funnel {
    fn new(clock: Arc<dyn Clock>) -> Self {
        Self {
            events: Family::default(),
            pending: Mutex::new(HashMap::new()),
            clock,
        }
    }

    /// Counts one `step`; `tier` when the identity is known, `cause` from a fixed set (an error
    /// id, a way in, a browser error name) or `""`.
    pub fn record(&self, step: Step, tier: Option<Tier>, cause: &'static str) {
        let labels = FunnelLabels {
            step: step.as_str(),
            tier: tier.map_or("unknown", Tier::as_str),
            cause,
        };
        self.events.get_or_create(&labels).inc();
        let hour = on_the_hour(self.clock.now());
        *self.pending().entry((hour, labels)).or_default() += 1;
    }

    /// Adds what this process counted to the store. On a store error the counts wait for the
    /// next flush rather than being lost.
    pub async fn flush(&self, store: &Store) -> Result<(), Error> {
        let taken = std::mem::take(&mut *self.pending());
        if taken.is_empty() {
            return Ok(());
        }
        let counts: Vec<FunnelCount> = taken
            .iter()
            .map(|((hour, labels), count)| FunnelCount {
                hour: *hour,
                step: labels.step.to_owned(),
                tier: labels.tier.to_owned(),
                cause: labels.cause.to_owned(),
                count: *count,
            })
            .collect();
        if let Err(e) = store.add_funnel_counts(&counts).await {
            let mut pending = self.pending();
            for (key, count) in taken {
                *pending.entry(key).or_default() += count;
            }
            return Err(e);
        }
        Ok(())
    }

    fn pending(&self) -> std::sync::MutexGuard<'_, HashMap<(OffsetDateTime, FunnelLabels), i64>> {
        self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: &'static str,
    status: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

/// What the session cache saw: answered from it, or read from the store.
#[derive(Debug, Clone, Default)]
pub struct CacheCounters {
    pub hits: Counter,
    pub misses: Counter,
}

/// What the courier's deliveries came to.
#[derive(Debug, Clone, Default)]
pub struct DeliveryCounters {
    pub sent: Counter,
    pub failed: Counter,
}

/// How many entries each audit append wrote in one transaction.
#[derive(Debug, Clone)]
pub struct BatchSizes(pub Histogram);

impl Default for BatchSizes {
    fn default() -> Self {
        // 1, 2, 4, ... 256 entries.
        Self(Histogram::new(exponential_buckets(1.0, 2.0, 9)))
    }
}

/// Every metric of this process.
pub struct Telemetry {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    durations: Family<RouteLabels, Histogram>,
    mail_queued: Gauge,
    mail_oldest: Gauge,
    pool_open: Gauge,
    pool_idle: Gauge,
    pub funnel: Funnel,
    pub session_cache: CacheCounters,
    pub deliveries: DeliveryCounters,
    pub audit_batches: BatchSizes,
}

impl Telemetry {
    /// `acquire_waits`: the store's time-to-connection histogram ([`Store::acquire_waits`]).
    pub fn new(clock: Arc<dyn Clock>, acquire_waits: Histogram) -> Self {
        let mut registry = Registry::with_prefix("latchkey");
        let requests = Family::<RequestLabels, Counter>::default();
        // 0.5 ms to about 8 s.
        let durations = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.0005, 2.0, 15))
        });
        registry.register(
            "http_requests",
            "HTTP requests answered, by route template, method and status class",
            requests.clone(),
        );
        registry.register_with_unit(
            "http_request_duration",
            "Time to answer an HTTP request, by route template",
            Unit::Seconds,
            durations.clone(),
        );
        let funnel = Funnel::new(clock);
        registry.register(
            "signin_funnel",
            "Steps of the sign-in funnel, by step, tier and cause",
            funnel.events.clone(),
        );
        let [mail_queued, mail_oldest, pool_open, pool_idle] = std::array::from_fn(|_| Gauge::default());
        registry.register("mail_queued", "Messages waiting for delivery", mail_queued.clone());
        registry.register_with_unit(
            "mail_oldest_queued_age",
            "How long the oldest waiting message has waited",
            Unit::Seconds,
            mail_oldest.clone(),
        );
        registry.register(
            "db_connections_open",
            "Database connections open in this process's pool",
            pool_open.clone(),
        );
        registry.register(
            "db_connections_idle",
            "Database connections open and idle in this process's pool",
            pool_idle.clone(),
        );
        registry.register_with_unit(
            "db_connection_acquire",
            "Time a query waited for a database connection from this process's pool",
            Unit::Seconds,
            acquire_waits,
        );
        let session_cache = CacheCounters::default();
        registry.register(
            "session_cache_hits",
            "whoami and other session look-ups answered from this process's cache",
            session_cache.hits.clone(),
        );
        registry.register(
            "session_cache_misses",
            "Session look-ups that read the store",
            session_cache.misses.clone(),
        );
        let deliveries = DeliveryCounters::default();
        registry.register(
            "mail_sent",
            "Messages the mail server accepted",
            deliveries.sent.clone(),
        );
        registry.register(
            "mail_failed",
            "Delivery attempts that failed (each is retried until the message expires)",
            deliveries.failed.clone(),
        );
        let audit_batches = BatchSizes::default();
        registry.register(
            "audit_batch_entries",
            "Audit entries written per append transaction",
            audit_batches.0.clone(),
        );
        Self {
            registry,
            requests,
            durations,
            mail_queued,
            mail_oldest,
            pool_open,
            pool_idle,
            funnel,
            session_cache,
            deliveries,
            audit_batches,
        }
    }

    /// The scrape: reads what lives in the store, then every metric in Prometheus's text format.
    pub async fn scrape(&self, store: &Store, now: OffsetDateTime) -> Result<String, Error> {
        let queue = store.mail_queue().await?;
        self.mail_queued.set(queue.queued);
        self.mail_oldest
            .set(queue.oldest.map_or(0, |oldest| (now - oldest).whole_seconds().max(0)));
        let pool = store.pool_use();
        self.pool_open.set(i64::from(pool.open));
        self.pool_idle.set(i64::from(pool.idle));
        let mut text = String::new();
        prometheus_client::encoding::prometheus_text::encode(&mut text, &self.registry)
            .map_err(|e| Error::Internal(format!("encoding metrics: {e}")))?;
        Ok(text)
    }

    fn observe(&self, route: String, method: &'static str, status: u16, seconds: f64) {
        self.durations
            .get_or_create(&RouteLabels { route: route.clone() })
            .observe(seconds);
        self.requests
            .get_or_create(&RequestLabels {
                route,
                method,
                status: status_class(status),
            })
            .inc();
    }
}

/// The middleware that counts and times every request by its route template (with
/// `metrics.enabled` false it only records the funnel steps seen at the edge).
pub async fn observe_requests(
    telemetry: Arc<Telemetry>,
    count_requests: bool,
    request: Request,
    next: Next,
) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let method = method_label(request.method());
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let error = response.extensions().get::<ErrorId>().map(|e| e.0);
    if let Some((step, cause)) = step_at_the_edge(&route, method, status, error) {
        telemetry.funnel.record(step, None, cause);
    }
    if count_requests {
        telemetry.observe(route, method, status, started.elapsed().as_secs_f64());
    }
    response
}

/// The funnel steps that happen before anyone is known, told by the route and its answer.
fn step_at_the_edge(
    route: &str,
    method: &str,
    status: u16,
    error: Option<&'static str>,
) -> Option<(Step, &'static str)> {
    let ok = (200..300).contains(&status);
    match (route, method, ok, error) {
        (_, _, _, Some("code_expired")) => Some((Step::CodeExpired, "")),
        ("/self-service/login/passkey/options", "POST", true, _) => Some((Step::PasskeyStarted, "")),
        ("/self-service/login/passkey/verify", "POST", false, Some(id)) => Some((Step::PasskeyFailed, id)),
        ("/self-service/login/code", "POST", true, _) => Some((Step::CodeRequested, "")),
        ("/ui/login/link", "GET", true, _) => Some((Step::LinkOpened, "")),
        _ => None,
    }
}

fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

fn status_class(status: u16) -> &'static str {
    match status / 100 {
        1 => "1xx",
        2 => "2xx",
        3 => "3xx",
        4 => "4xx",
        _ => "5xx",
    }
}
