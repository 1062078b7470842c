//! One module per way in. Methods hold the rules of their ceremony and talk to the store; they
//! know nothing of HTTP.

pub mod passkey;
