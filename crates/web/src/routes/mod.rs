//! Every route, with the access it requires. This table is the single place routes are
//! declared: the router is built from it, and the tests walk it with every role.

mod account;
mod account_reviews;
mod aggregate;
mod assessments;
mod audit;
mod bcp;
pub mod check;
mod dashboard;
mod definition_drafts;
mod definition_import;
mod definitions;
mod director;
mod evidence;
mod health;
mod incidents;
mod institution;
mod language;
mod ledger;
mod login;
mod logout;
pub mod params;
mod registers;
pub mod roles;
mod setup;
mod surveys;
mod users;

use crate::middleware::guard::{self, RouteRule};
use crate::state::AppState;
use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::MethodRouter;
use iryosec_core::role::Permission;

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, always (assets, health check).
    Public,
    /// Only before first-run setup is done.
    Setup,
    /// Anyone once set up (login page).
    Anonymous,
    /// Any logged-in person (own settings, logout).
    LoggedIn,
    /// A logged-in person whose role has the permission.
    Allowed(Permission),
}

pub struct RouteDef {
    pub method: Method,
    pub path: &'static str,
    rule: RouteRule,
    handler: MethodRouter<AppState>,
}

fn def(method: Method, path: &'static str, access: Access, handler: MethodRouter<AppState>) -> RouteDef {
    RouteDef { method, path, rule: RouteRule { access, upload: None, heavy: false }, handler }
}

fn get<H: Handler<T, AppState>, T: 'static>(path: &'static str, access: Access, h: H) -> RouteDef {
    def(Method::GET, path, access, axum::routing::get(h))
}

fn post<H: Handler<T, AppState>, T: 'static>(path: &'static str, access: Access, h: H) -> RouteDef {
    def(Method::POST, path, access, axum::routing::post(h))
}

/// The route takes a file upload (multipart) of at most `bytes`, read by [`crate::upload::Upload`].
fn upload(mut def: RouteDef, bytes: usize) -> RouteDef {
    def.rule.upload = Some(bytes);
    // The upload counts its bytes itself; this only keeps the multipart reader's own cap above it.
    def.handler = def.handler.layer(axum::extract::DefaultBodyLimit::max(bytes + 64 * 1024));
    def
}

/// The route reads or writes a whole file: it runs only in one of the server's job slots.
fn heavy(mut def: RouteDef) -> RouteDef {
    def.rule.heavy = true;
    def
}

/// The largest import file (Excel, CSV, JSON) taken by a page.
pub const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;
/// A file kept with an item or a register entry, with room for the form around it.
const MAX_ATTACHMENT_BYTES: usize = iryosec_core::evidence::MAX_BYTES + 64 * 1024;

#[allow(clippy::too_many_lines, reason = "the one table of every route, a line each")]
fn routes() -> Vec<RouteDef> {
    use Access::*;
    use Permission::*;
    vec![
        get("/healthz", Public, health::get),
        get("/assets/{file}", Public, crate::assets::serve),
        get("/setup", Setup, setup::form_get),
        post("/setup", Setup, setup::submit_post),
        get("/login", Anonymous, login::form_get),
        post("/login", Anonymous, login::submit_post),
        post("/language", Public, language::switch_post),
        post("/logout", LoggedIn, logout::post),
        post("/session/keep-alive", LoggedIn, logout::keep_alive_post),
        get("/", Allowed(ViewInstitution), dashboard::get),
        get("/institution", Allowed(ViewInstitution), institution::show_get),
        get("/institution/edit", Allowed(EditInstitution), institution::edit_get),
        post("/institution/edit", Allowed(EditInstitution), institution::edit_post),
        get("/users", Allowed(ManageUsers), users::list_get),
        get("/users/new", Allowed(ManageUsers), users::new_get),
        post("/users/new", Allowed(ManageUsers), users::new_post),
        get("/users/{id}", Allowed(ManageUsers), users::edit_get),
        post("/users/{id}", Allowed(ManageUsers), users::edit_post),
        post("/users/{id}/password", Allowed(ManageUsers), users::password_post),
        get("/account", LoggedIn, account::get),
        post("/account/preferences", LoggedIn, account::preferences_post),
        post("/account/password", LoggedIn, account::password_post),
        get("/audit", Allowed(ViewAudit), audit::get),
        get("/ledger", Allowed(ViewInstitution), ledger::list::get),
        get("/ledger/new", Allowed(EditInstitution), ledger::form::new_get),
        post("/ledger/new", Allowed(EditInstitution), ledger::form::new_post),
        heavy(get("/ledger/export.xlsx", Allowed(ViewInstitution), ledger::files::xlsx_get)),
        heavy(get("/ledger/export.csv", Allowed(ViewInstitution), ledger::files::csv_get)),
        get("/ledger/import", Allowed(EditInstitution), ledger::import::upload_get),
        heavy(upload(
            post("/ledger/import", Allowed(EditInstitution), ledger::import::upload_post),
            MAX_IMPORT_BYTES,
        )),
        heavy(get("/ledger/import/{token}", Allowed(EditInstitution), ledger::import::preview_get)),
        heavy(post("/ledger/import/{token}", Allowed(EditInstitution), ledger::import::commit_post)),
        get("/ledger/{id}", Allowed(ViewInstitution), ledger::show::get),
        get("/ledger/{id}/edit", Allowed(EditInstitution), ledger::form::edit_get),
        post("/ledger/{id}/edit", Allowed(EditInstitution), ledger::form::edit_post),
        get("/registers", Allowed(ViewInstitution), registers::index::get),
        get("/registers/{register}", Allowed(ViewInstitution), registers::list::get),
        get("/registers/{register}/new", Allowed(EditInstitution), registers::form::new_get),
        post("/registers/{register}/new", Allowed(EditInstitution), registers::form::new_post),
        heavy(get("/registers/{register}/export.xlsx", Allowed(ViewInstitution), registers::files::xlsx_get)),
        heavy(get("/registers/{register}/export.csv", Allowed(ViewInstitution), registers::files::csv_get)),
        get("/registers/{register}/import", Allowed(EditInstitution), registers::files::import_get),
        heavy(upload(
            post("/registers/{register}/import", Allowed(EditInstitution), registers::files::import_post),
            MAX_IMPORT_BYTES,
        )),
        get("/registers/{register}/{id}", Allowed(ViewInstitution), registers::show::get),
        get("/registers/{register}/{id}/edit", Allowed(EditInstitution), registers::form::edit_get),
        post("/registers/{register}/{id}/edit", Allowed(EditInstitution), registers::form::edit_post),
        post("/registers/{register}/{id}/delete", Allowed(EditInstitution), registers::form::delete_post),
        upload(
            post("/registers/{register}/{id}/files", Allowed(EditInstitution), registers::files::attach_post),
            MAX_ATTACHMENT_BYTES,
        ),
        get("/register-files/{id}", Allowed(ViewInstitution), registers::files::file_get),
        get("/contact-chart", Allowed(ViewInstitution), registers::chart::get),
        heavy(get(
            "/vendor-sheets/{vendor}/{edition}",
            Allowed(ViewInstitution),
            registers::sheets::xlsx_get,
        )),
        post("/vendor-sheets/{vendor}/sent", Allowed(EditInstitution), registers::sheets::sent_post),
        heavy(upload(
            post("/vendor-sheets/{vendor}/import", Allowed(EditInstitution), registers::sheets::import_post),
            MAX_IMPORT_BYTES,
        )),
        get("/account-reviews", Allowed(ViewInstitution), account_reviews::list::get),
        get("/account-reviews/new", Allowed(EditInstitution), account_reviews::new::get),
        heavy(upload(
            post("/account-reviews", Allowed(EditInstitution), account_reviews::create::post),
            account_reviews::MAX_UPLOAD_BYTES,
        )),
        get("/account-reviews/{id}", Allowed(ViewInstitution), account_reviews::show::get),
        post(
            "/account-reviews/{id}/findings/{finding}",
            Allowed(EditInstitution),
            account_reviews::decide::post,
        ),
        post(
            "/account-reviews/{id}/kinds/{kind}",
            Allowed(EditInstitution),
            account_reviews::decide_all::post,
        ),
        heavy(get(
            "/account-reviews/{id}/export.xlsx",
            Allowed(ViewInstitution),
            account_reviews::export::get,
        )),
        heavy(get(
            "/account-reviews/{id}/export.csv",
            Allowed(ViewInstitution),
            account_reviews::export::get,
        )),
        get("/incidents", Allowed(ViewInstitution), incidents::list::get),
        get("/incidents/new", Allowed(EditInstitution), incidents::new::get),
        post("/incidents", Allowed(EditInstitution), incidents::new::post),
        get("/incidents/{id}", Allowed(ViewInstitution), incidents::show::get),
        post("/incidents/{id}/steps/{step}", Allowed(EditInstitution), incidents::step::post),
        post("/incidents/{id}/notes", Allowed(EditInstitution), incidents::note::post),
        post("/incidents/{id}/close", Allowed(EditInstitution), incidents::close::post),
        get("/incidents/{id}/chronology", Allowed(ViewInstitution), incidents::chronology::get),
        get("/incidents/{id}/timeline.json", Allowed(ViewInstitution), incidents::export::get),
        get("/incident-targets", Allowed(ViewInstitution), incidents::targets::get),
        post("/incident-targets", Allowed(EditInstitution), incidents::targets::post),
        get("/aggregate", Allowed(EditInstitution), aggregate::get),
        heavy(upload(
            post("/aggregate", Allowed(EditInstitution), aggregate::post),
            aggregate::MAX_UPLOAD_BYTES,
        )),
        get("/bcp", Allowed(ViewInstitution), bcp::check::current_get),
        get("/bcp/{year}", Allowed(ViewInstitution), bcp::check::get),
        post("/bcp/{year}", Allowed(EditInstitution), bcp::check::post),
        get("/bcp-card", Allowed(ViewInstitution), bcp::card::get),
        post("/bcp-card/printed", Allowed(EditInstitution), bcp::card::printed_post),
        get("/bcp-card/contacts", Allowed(ViewInstitution), bcp::card::contacts_get),
        get("/training", Allowed(ViewInstitution), bcp::training::get),
        get("/definitions", Allowed(ViewInstitution), definitions::list_get),
        get("/definitions/import", Allowed(ManageUsers), definition_import::get),
        heavy(upload(
            post("/definitions/import", Allowed(ManageUsers), definition_import::post),
            MAX_IMPORT_BYTES,
        )),
        get("/definitions/drafts/new", Allowed(ManageUsers), definition_drafts::new_get),
        post("/definitions/drafts", Allowed(ManageUsers), definition_drafts::create_post),
        get("/definitions/drafts/{id}", Allowed(ManageUsers), definition_drafts::show_get),
        post("/definitions/drafts/{id}/edition", Allowed(ManageUsers), definition_drafts::edition_post),
        post("/definitions/drafts/{id}/items", Allowed(ManageUsers), definition_drafts::add_post),
        post("/definitions/drafts/{id}/items/{index}", Allowed(ManageUsers), definition_drafts::item_post),
        post(
            "/definitions/drafts/{id}/items/{index}/check",
            Allowed(ManageUsers),
            definition_drafts::check_post,
        ),
        post(
            "/definitions/drafts/{id}/items/{index}/remove",
            Allowed(ManageUsers),
            definition_drafts::remove_post,
        ),
        post("/definitions/drafts/{id}/publish", Allowed(ManageUsers), definition_drafts::publish_post),
        get("/definitions/{id}", Allowed(ViewInstitution), definitions::show_get),
        get("/definitions/{id}/export.toml", Allowed(ViewInstitution), definitions::toml_get),
        heavy(get("/definitions/{id}/export.xlsx", Allowed(ViewInstitution), definitions::xlsx_get)),
        get("/assessments", Allowed(ViewInstitution), assessments::list::get),
        post("/assessments", Allowed(EditInstitution), assessments::list::post),
        get("/assessments/{id}", Allowed(ViewInstitution), assessments::overview::get),
        post("/assessments/{id}/facts", Allowed(EditInstitution), assessments::overview::facts_post),
        get("/assessments/{id}/print", Allowed(ViewInstitution), assessments::print::get),
        get("/assessments/{id}/answer", Allowed(ViewInstitution), assessments::answer::get),
        post("/assessments/{id}/answer", Allowed(EditInstitution), assessments::answer::post),
        get("/assessments/{id}/adopt", Allowed(EditInstitution), assessments::adopt::get),
        post("/assessments/{id}/adopt", Allowed(EditInstitution), assessments::adopt::post),
        heavy(get(
            "/assessments/{id}/export.xlsx",
            Allowed(ViewInstitution),
            assessments::exchange::xlsx_get,
        )),
        heavy(get("/assessments/{id}/export.csv", Allowed(ViewInstitution), assessments::exchange::csv_get)),
        heavy(get(
            "/assessments/{id}/export.json",
            Allowed(ViewInstitution),
            assessments::exchange::json_get,
        )),
        heavy(upload(
            post("/assessments/{id}/import", Allowed(EditInstitution), assessments::exchange::import_post),
            assessments::exchange::MAX_IMPORT_BYTES,
        )),
        get("/assessments/{id}/items/{key}", Allowed(ViewInstitution), assessments::item::get),
        post("/assessments/{id}/items/{key}", Allowed(EditInstitution), assessments::item::post),
        upload(
            post(
                "/assessments/{id}/items/{key}/evidence",
                Allowed(EditInstitution),
                assessments::item::evidence_post,
            ),
            MAX_ATTACHMENT_BYTES,
        ),
        post(
            "/assessments/{id}/items/{key}/suggestion",
            Allowed(EditInstitution),
            assessments::suggestion::post,
        ),
        get("/surveys", Allowed(ViewInstitution), surveys::list::get),
        get("/surveys/history", Allowed(ViewInstitution), surveys::history::get),
        get("/surveys/archives/{id}", Allowed(ViewInstitution), surveys::files::archive_get),
        get("/surveys/{edition}", Allowed(ViewInstitution), surveys::show::get),
        post("/surveys/{edition}", Allowed(EditInstitution), surveys::show::post),
        get("/surveys/{edition}/print", Allowed(ViewInstitution), surveys::print::get),
        heavy(get("/surveys/{edition}/export.json", Allowed(ViewInstitution), surveys::files::json_get)),
        heavy(get("/surveys/{edition}/export.xlsx", Allowed(ViewInstitution), surveys::files::xlsx_get)),
        post("/surveys/{edition}/archive", Allowed(EditInstitution), surveys::files::archive_post),
        get("/roles", Allowed(ViewInstitution), roles::list::get),
        get("/roles/tally", Allowed(ViewInstitution), roles::tally::get),
        get("/roles/codes", Allowed(ManageUsers), roles::codes::get),
        post("/roles/codes", Allowed(ManageUsers), roles::codes::post),
        post("/roles/codes/{id}/revoke", Allowed(ManageUsers), roles::codes::revoke_post),
        get("/roles/paper", Allowed(EditInstitution), roles::paper::get),
        post("/roles/paper", Allowed(EditInstitution), roles::paper::post),
        get("/roles/{list}/answer", Allowed(ViewInstitution), roles::answer::get),
        post("/roles/{list}/answer", Allowed(EditInstitution), roles::answer::post),
        get("/check", Anonymous, check::get),
        post("/check", Anonymous, check::post),
        post("/check/answer", Anonymous, check::answer_post),
        get("/director", Allowed(ViewInstitution), director::page::get),
        get("/director/print", Allowed(ViewInstitution), director::page::print_get),
        // The app lets only the director's role (閲覧者) and administrators record it.
        post("/director/signoff", Allowed(ViewInstitution), director::signoff::post),
        get("/evidence/{id}", Allowed(ViewInstitution), evidence::get),
        post("/evidence/{id}/delete", Allowed(EditInstitution), evidence::delete_post),
    ]
}

/// Method, path and access of every route, for tests and documentation.
pub fn route_table() -> Vec<(Method, &'static str, Access)> {
    routes().into_iter().map(|r| (r.method, r.path, r.rule.access)).collect()
}

/// The routes that take uploads, with their limits (for tests and documentation).
pub fn upload_limits() -> Vec<(&'static str, usize)> {
    routes().into_iter().filter_map(|r| Some((r.path, r.rule.upload?))).collect()
}

pub(crate) fn build(state: AppState) -> Router<AppState> {
    routes().into_iter().fold(Router::new(), |router, def| {
        let guarded = def
            .handler
            .route_layer(axum::middleware::from_fn_with_state((state.clone(), def.rule), guard::check));
        router.route(def.path, guarded)
    })
}
