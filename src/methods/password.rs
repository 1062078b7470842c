//! Passwords of legacy accounts, for migrating a user base to passkeys: hashes brought in by an
//! import, never set by latchkey on an account that had none.

pub mod legacy_hash;
