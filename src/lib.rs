//! latchkey: an identity server whose sign-in is passwordless with a secure fallback.
//!
//! The binary (`src/main.rs`) is a thin CLI over this library so integration tests and benchmarks
//! drive exactly the code that ships. Data flows one way: `http` (the edge) -> `methods` (one module
//! per way in) -> `policy` (pure decisions) -> `store` (SQLite or PostgreSQL); `courier` delivers
//! the email a method queued in the store.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

pub mod admin;
pub mod audit;
pub(crate) mod auth;
pub mod clock;
pub mod config;
pub mod courier;
pub mod doctor;
pub mod domain;
pub mod error;
#[cfg(test)]
mod hostile_input;
pub mod http;
pub mod i18n;
pub mod keys;
pub mod methods;
pub mod oidc;
pub(crate) mod policy;
pub(crate) mod secret;
pub mod sessions;
pub mod slow_hash;
pub mod store;
pub mod telemetry;
pub mod tokens;
pub(crate) mod try_limit;
pub(crate) mod ui;
pub(crate) mod user_agent;
pub mod webhooks;

pub use http::App;
