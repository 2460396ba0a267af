//! The `server` module of the generated crate.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;

pub fn emit(_api: &Api) -> TokenStream {
    quote! {}
}
