//! Administration: API keys, and what support staff do to identities. Every action here is
//! audited with the key that did it.

pub mod funnel;
pub mod identities;
pub mod import;
pub mod keys;
pub mod migration;
