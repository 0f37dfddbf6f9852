//! The layers every request passes through, outermost first: `request`, `session`,
//! `errors`, `csrf`, then each route's `guard`.

pub mod csrf;
pub mod errors;
pub mod guard;
pub mod request;
pub mod session;
