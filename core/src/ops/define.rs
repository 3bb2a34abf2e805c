//! The macros that turn the rows of the operation table (in
//! [`ops`](crate::ops), whose documentation describes the row grammar) into
//! operation types, their [`Operation`](crate::Operation) impls, `INFO` and
//! `from_wire`, [`OPERATIONS`](crate::OPERATIONS) and the public
//! `for_each_operation!` macro. This file holds no row.

/// Declares every operation: the rows, then the list-level items.
macro_rules! operation_table {
    ($d:tt $( $name:ident => $Op:ident, $doc:literal { $($row:tt)* } )*) => {
        $( define_operation! { $name $Op $doc $($row)* } )*

        /// Every operation of the table, in the order of ENDPOINTS.md: what
        /// the emulator, fuzzers and table-driven tests iterate over.
        pub static OPERATIONS: &[$crate::OperationInfo] = &[ $( $Op::INFO, )* ];

        /// Calls `$callback!` once with every request operation of the API,
        /// for drivers that generate one method per operation.
        ///
        /// The callback receives `$( $name:ident => $Op:ident, $doc:literal; )*`:
        /// the snake_case method name, the operation type (in
        /// `inai_auth_core::ops`; bring them into scope with
        /// `use inai_auth_core::ops::*;`) and a one-line summary. `oauth_init_url`
        /// is not among them: it builds a URL for a browser, not a request (see
        /// [`oauth_init_url`](crate::oauth_init_url)). The rows it walks, and
        /// what each part of a row means, are described in the
        /// [`ops`](crate::ops) module documentation.
        ///
        /// ```
        /// use inai_auth_core::ops::*;
        ///
        /// macro_rules! count {
        ///     ($( $name:ident => $Op:ident, $doc:literal; )*) => {
        ///         [$( <$Op as inai_auth_core::Operation>::NAME ),*].len()
        ///     };
        /// }
        /// assert_eq!(inai_auth_core::for_each_operation!(count), inai_auth_core::OPERATIONS.len());
        /// ```
        #[macro_export]
        macro_rules! for_each_operation {
            ($d callback:ident) => {
                $d callback! { $( $name => $Op, $doc; )* }
            };
        }
    };
}

/// One row: normalises the auth into an optional token field.
macro_rules! define_operation {
    ($name:ident $Op:ident $doc:literal $method:ident $path:literal, auth bearer; $($rest:tt)*) => {
        define_operation! { @emit $name $Op $doc $method $path Bearer [token] $($rest)* }
    };
    ($name:ident $Op:ident $doc:literal $method:ident $path:literal, auth none; $($rest:tt)*) => {
        define_operation! { @emit $name $Op $doc $method $path None [] $($rest)* }
    };
    (
        @emit $name:ident $Op:ident $doc:literal $method:ident $path:literal $auth:ident [ $( $tok:ident )? ]
        $( path { $( $pf:ident = $pw:literal ),* $(,)? } )?
        $( query { $( $( #[$qx:ident] )? $qf:ident / $qset:ident : $qty:ty = $qw:literal ),* $(,)? } )?
        send $send:ident $( { $( $bf:ident : $bty:ty = $bw:literal ),* $(,)? } )? ;
        $( optional { $( $( #[$ox:ident] )? $of:ident / $oset:ident : $oty:ty = $ow:literal ),* $(,)? } )?
        $( nullable { $( $nf:ident / $nset:ident / $nclear:ident : $nty:ty = $nw:literal ),* $(,)? } )?
        answer $mode:ident $quote:ident $out:ty ;
    ) => {
        #[doc = $doc]
        #[doc = ""]
        #[doc = concat!("`", stringify!($method), " ", $path, "`; ", auth_doc!($auth), ".")]
        #[doc = ""]
        #[doc = concat!("Answers `", stringify!($out), "`", answer_doc!($mode), ".")]
        #[doc = ""]
        #[doc = concat!("Sent by the drivers' `", stringify!($name), "` method. Build it with `new` and the `with_*` setters.")]
        #[derive(Debug, Clone)]
        pub struct $Op {
            $( $tok: $crate::secret::AccessToken, )?
            $( $( $pf: String, )* )?
            $( $( $bf: $bty, )* )?
            $( $( $of: Option<$oty>, )* )?
            $( $( $nf: $crate::body::Patch<$nty>, )* )?
            $( $( $qf: Option<$qty>, )* )?
        }

        impl $Op {
            /// What the table says about this operation.
            pub const INFO: $crate::OperationInfo = $crate::OperationInfo {
                name: stringify!($name),
                type_name: stringify!($Op),
                summary: $doc,
                method: http::Method::$method,
                path: $path,
                auth: $crate::Auth::$auth,
                paginated: mode_is!(page $mode),
                acknowledgement: mode_is!(ack $mode),
                fields: &[
                    $( $( $crate::wire::FieldInfo::path($pw), )* )?
                    $( $( $crate::wire::FieldInfo::query($qw, <$qty as $crate::wire::WireType>::KIND), )* )?
                    $( $( $crate::wire::FieldInfo::body($bw, true, <$bty as $crate::wire::WireType>::NULLABLE, <$bty as $crate::wire::WireType>::KIND), )* )?
                    $( $( $crate::wire::FieldInfo::body($ow, false, false, <$oty as $crate::wire::WireType>::KIND), )* )?
                    $( $( $crate::wire::FieldInfo::body($nw, false, true, <$nty as $crate::wire::WireType>::KIND), )* )?
                ],
            };

            /// Builds the operation from inputs named as on the wire (see
            /// [`wire`](crate::wire)): the token, then the path, query and
            /// body fields of [`INFO`](Self::INFO)`.fields`.
            ///
            /// # Errors
            /// [`WireError`](crate::wire::WireError) naming the first
            /// missing, mistyped or unknown input.
            pub fn from_wire(
                input: &mut $crate::wire::WireInput,
            ) -> Result<Self, $crate::wire::WireError> {
                let operation = Self {
                    $( $tok: input.take_token()?, )?
                    $( $( $pf: input.take_path($pw)?, )* )?
                    $( $( $bf: input.take_required($bw)?, )* )?
                    $( $( $of: input.take_optional($ow)?, )* )?
                    $( $( $nf: input.take_nullable($nw)?, )* )?
                    $( $( $qf: input.take_query($qw)?, )* )?
                };
                input.finish()?;
                Ok(operation)
            }

            /// The operation with its required inputs: the access token (for
            /// bearer operations), then the path parameters in path order,
            /// then the required body fields. Optional inputs are unset.
            pub fn new(
                $( $tok: impl Into<$crate::secret::AccessToken>, )?
                $( $( $pf: impl Into<String>, )* )?
                $( $( $bf: impl Into<$bty>, )* )?
            ) -> Self {
                Self {
                    $( $tok: $tok.into(), )?
                    $( $( $pf: $pf.into(), )* )?
                    $( $( $bf: $bf.into(), )* )?
                    $( $( $of: None, )* )?
                    $( $( $nf: $crate::body::Patch::Unchanged, )* )?
                    $( $( $qf: None, )* )?
                }
            }

            $( $(
                option_setter! {
                    [$($qx)?] concat!("Sets the query parameter `", $qw, "`. Default: not sent.");
                    $qf $qset $qty
                }
            )* )?

            $( $(
                option_setter! {
                    [$($ox)?] concat!("Sets `", $ow, "`. Default: not sent.");
                    $of $oset $oty
                }
            )* )?

            $( $(
                #[doc = concat!("Sets `", $nw, "`. Default: not sent (unchanged).")]
                #[must_use]
                pub fn $nset(mut self, value: impl Into<$nty>) -> Self {
                    self.$nf = $crate::body::Patch::Set(value.into());
                    self
                }

                #[doc = concat!("Sends `", $nw, "` as `null`, which clears it. Default: not sent (unchanged).")]
                #[must_use]
                pub fn $nclear(mut self) -> Self {
                    self.$nf = $crate::body::Patch::Clear;
                    self
                }
            )* )?
        }

        impl $crate::Operation for $Op {
            type Output = output_type!($mode $out);
            const NAME: &'static str = stringify!($name);

            fn to_request(
                &self,
                config: &$crate::Config,
            ) -> Result<http::Request<Vec<u8>>, $crate::InAIAuthError> {
                let this = self;
                #[allow(unused_mut)]
                let mut query: Vec<(&'static str, String)> = Vec::new();
                $( $(
                    if let Some(value) = &this.$qf {
                        query.push(($qw, value.to_string()));
                    }
                )* )?
                let body = request_body!(
                    $send; Self::NAME; this;
                    [ $( $( $bf = $bw ),* )? ]
                    [ $( $( $of = $ow ),* )? ]
                    [ $( $( $nf = $nw ),* )? ]
                )?;
                let bearer: Option<&$crate::secret::AccessToken> = None $( .or(Some(&this.$tok)) )?;
                $crate::request::RequestSpec {
                    operation: Self::NAME,
                    method: http::Method::$method,
                    template: $path,
                    path_params: &[ $( $( ($pw, this.$pf.as_str()), )* )? ],
                    query,
                    bearer,
                    body,
                }
                .build(config)
            }

            fn parse(
                &self,
                response: http::Response<Vec<u8>>,
            ) -> Result<Self::Output, $crate::InAIAuthError> {
                $crate::answer::$mode(Self::NAME, response, answer_quote!($quote))
            }
        }

        paginated_impl!($mode $Op $out);
    };
}

/// The setter of an optional field: `impl Into<T>`, or exactly `T` for
/// `#[exact]` fields (numbers, so that integer literals infer).
macro_rules! option_setter {
    ([] $doc:expr; $field:ident $set:ident $ty:ty) => {
        #[doc = $doc]
        #[must_use]
        pub fn $set(mut self, value: impl Into<$ty>) -> Self {
            self.$field = Some(value.into());
            self
        }
    };
    ([exact] $doc:expr; $field:ident $set:ident $ty:ty) => {
        #[doc = $doc]
        #[must_use]
        pub fn $set(mut self, value: $ty) -> Self {
            self.$field = Some(value);
            self
        }
    };
}

/// The documentation of an auth kind.
macro_rules! auth_doc {
    (Bearer) => {
        "authenticated with `Authorization: Bearer <access token>` (the first argument of `new`)"
    };
    (None) => {
        "no `Authorization` header"
    };
}

/// How an answer mode reads the body, for the documentation.
macro_rules! answer_doc {
    (data) => {
        ", unwrapped from `{ \"data\": .. }`"
    };
    (json) => {
        ""
    };
    (ack) => {
        "; a 204 or an empty body is the default value"
    };
    (page) => {
        " items, one `Page` per call; the type is `Paginated`"
    };
}

/// Whether an answer mode is the one named first.
macro_rules! mode_is {
    (page page) => {
        true
    };
    (ack ack) => {
        true
    };
    ($wanted:ident $mode:ident) => {
        false
    };
}

/// The `Output` type of an answer mode.
macro_rules! output_type {
    (page $t:ty) => { $crate::models::Page<$t> };
    ($mode:ident $t:ty) => { $t };
}

/// Whether decoding errors may quote the answer.
macro_rules! answer_quote {
    (plain) => {
        $crate::answer::Quote::Allowed
    };
    (secret) => {
        $crate::answer::Quote::Forbidden
    };
}

/// The request body of a row.
macro_rules! request_body {
    (none; $op:expr; $this:ident; [] [] []) => {
        Ok::<Vec<u8>, $crate::InAIAuthError>(Vec::new())
    };
    (
        json; $op:expr; $this:ident;
        [ $( $bf:ident = $bw:literal ),* ]
        [ $( $of:ident = $ow:literal ),* ]
        [ $( $nf:ident = $nw:literal ),* ]
    ) => {{
        let mut object = $crate::body::JsonObject::new($op);
        $( object.required($bw, &$this.$bf)?; )*
        $( object.optional($ow, &$this.$of)?; )*
        $( object.patch($nw, &$this.$nf)?; )*
        object.finish()
    }};
    (whole; $op:expr; $this:ident; [ $bf:ident = $bw:literal ] [] []) => {
        $crate::body::whole($op, &$this.$bf)
    };
}

/// The [`Paginated`](crate::Paginated) impl of `page` rows.
macro_rules! paginated_impl {
    (page $Op:ident $t:ty) => {
        impl $crate::Paginated for $Op {
            type Item = $t;

            fn page(&self) -> Option<u64> {
                self.page
            }

            fn limit(&self) -> Option<u64> {
                self.limit
            }

            fn with_page(self, page: u64) -> Self {
                $Op::with_page(self, page)
            }
        }
    };
    ($mode:ident $Op:ident $t:ty) => {};
}
