//! latchkey's integration suite: one test binary (one link step), every store-touching test run
//! on SQLite and on PostgreSQL.

mod admin;
mod attacks;
mod audit;
mod automatic_upgrade;
mod backup_codes;
mod cli;
mod courier;
mod crafted;
mod edge;
mod email;
mod faults;
mod findings;
mod hostile;
mod import;
mod indexes;
mod languages;
mod oidc;
mod openapi;
mod pages;
mod passkeys;
mod password;
mod policy;
mod recovery;
mod schemathesis;
mod session_cache;
mod store;
mod support;
mod telemetry;
mod tokens;
mod webhooks;
