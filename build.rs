// The store's migrations are embedded (`sqlx::migrate!`): a new migration file must rebuild.
fn main() {
    println!("cargo:rerun-if-changed=src/store/migrations");
}
