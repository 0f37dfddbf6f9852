//! The layers every request passes through, outermost first: `request`, `session`,
//! `kept::refill` (a kept form put back into its page), `errors`, then each route's `guard` (which calls `csrf` once access is granted).

pub mod csrf;
pub mod errors;
pub mod guard;
pub mod request;
pub mod session;
