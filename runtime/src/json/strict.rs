//! A deserializer wrapper holding JSON to what a schema means.
//!
//! serde's derived structs also accept a JSON array (their fields by
//! position): `[null, null]` would reach a handler as an object. Wrapped,
//! every struct is asked for as a map, at every depth, so only a JSON
//! object decodes as one. Everything else passes through unchanged, but
//! for values built from texts (a form's, a `deepObject`'s), whose numbers
//! and booleans are spelled and whose empty objects are empty texts.

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

/// Wraps a deserializer: structs accept JSON objects only.
pub struct Strict<D> {
    inner: D,
    /// Below the value asked for: a member, an item, a variant's content.
    nested: bool,
}

impl<D> Strict<D> {
    /// Wraps the deserializer of a whole value.
    pub fn new(inner: D) -> Self {
        Self {
            inner,
            nested: false,
        }
    }

    fn nested(inner: D) -> Self {
        Self {
            inner,
            nested: true,
        }
    }
}

/// Deserializer methods passed on to the inner deserializer, each with its
/// arguments (if any) and the visitor wrapped.
macro_rules! forward {
    ($($method:ident $(($($arg:ident: $ty:ty),*))?),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(
                self,
                $($($arg: $ty,)*)?
                visitor: V,
            ) -> Result<V::Value, D::Error> {
                self.inner.$method($($($arg,)*)? Wrap(visitor))
            }
        )*
    };
}

/// Deserializer methods passed on, except while `$when()` holds: then the
/// value is read as any value, through `$reader`, which takes other
/// spellings of what was asked for.
macro_rules! read_as_any_when {
    ($when:path => $reader:ident: $($method:ident),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
                if $when() {
                    self.inner.deserialize_any($reader(Wrap(visitor)))
                } else {
                    self.inner.$method(Wrap(visitor))
                }
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<D> {
    type Error = D::Error;

    // A number or a boolean in a value built from texts: a string
    // spelling one is it (`Spelled`).
    read_as_any_when!(crate::encoding::is_typing_texts => Spelled:
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
    );

    forward!(
        deserialize_any,
        deserialize_char,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
        deserialize_ignored_any,
        deserialize_unit_struct(name: &'static str),
        deserialize_newtype_struct(name: &'static str),
        deserialize_tuple(len: usize),
        deserialize_tuple_struct(name: &'static str, len: usize),
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
    );

    // A string in an answer a client reads loosely (a second reading,
    // after the first failed): a number or a boolean is its text (`Texted`).
    read_as_any_when!(crate::encoding::is_reading_loosely => Texted:
        deserialize_str,
        deserialize_string,
    );

    /// The point of the wrapper: a struct is read from a map, never a list.
    /// Built from texts, a member's or an item's empty text is its empty
    /// object (`address[geo]=`, how a form writes `{}`); a whole value's is
    /// not, so that a union of an object and `""` still reads `""` as the
    /// string (see [`Buffered::spelled`](super::Buffered)). The value is
    /// asked for as any value, and `StructOnly` takes what a struct is:
    /// one path for both, as deep as asking for a map, which keeps long
    /// chains of nested types within the compiler's limits.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let empty_text_is_object = self.nested && crate::encoding::is_typing_texts();
        self.inner.deserialize_any(StructOnly {
            visitor,
            empty_text_is_object,
        })
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// A visitor whose nested deserializers are wrapped too.
struct Wrap<V>(V);

macro_rules! visit {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(
            fn $method<E: de::Error>(self, value: $ty) -> Result<Self::Value, E> {
                self.0.$method(value)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.expecting(f)
    }

    visit!(
        visit_bool(bool),
        visit_i8(i8),
        visit_i16(i16),
        visit_i32(i32),
        visit_i64(i64),
        visit_i128(i128),
        visit_u8(u8),
        visit_u16(u16),
        visit_u32(u32),
        visit_u64(u64),
        visit_u128(u128),
        visit_f32(f32),
        visit_f64(f64),
        visit_char(char),
        visit_str(&str),
        visit_borrowed_str(&'de str),
        visit_string(String),
        visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]),
        visit_byte_buf(Vec<u8>),
    );

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.visit_some(Strict::nested(d))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.visit_newtype_struct(Strict::nested(d))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.visit_seq(Wrap(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(Wrap(map))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.0.visit_enum(Wrap(data))
    }
}

/// A scalar visitor's `null`, lists and maps, passed on unwrapped (the
/// visitor refuses them, saying what it expected).
macro_rules! containers_passed_on {
    () => {
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            self.0.visit_none()
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            self.0.visit_unit()
        }

        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            self.0.visit_seq(seq)
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            self.0.visit_map(map)
        }
    };
}

/// A visitor for a number or a boolean that reads a string as the number
/// or boolean it spells (`"2"`, `"2.5"`, `"true"`), and any other string
/// as it is (which the visitor then refuses, saying what it expected).
struct Spelled<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Spelled<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.expecting(f)
    }

    visit!(
        visit_bool(bool),
        visit_i64(i64),
        visit_i128(i128),
        visit_u64(u64),
        visit_u128(u128),
        visit_f64(f64),
    );

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        if let Ok(integer) = text.parse::<i64>() {
            return self.0.visit_i64(integer);
        }
        if let Ok(integer) = text.parse::<i128>() {
            return self.0.visit_i128(integer);
        }
        if let Ok(integer) = text.parse::<u128>() {
            return self.0.visit_u128(integer);
        }
        match text {
            "true" => return self.0.visit_bool(true),
            "false" => return self.0.visit_bool(false),
            _ => {}
        }
        match serde_json::from_str::<serde_json::Number>(text).map(|n| n.as_f64()) {
            Ok(Some(number)) => self.0.visit_f64(number),
            _ => self.0.visit_str(text),
        }
    }

    containers_passed_on!();
}

/// Visitor methods handing a scalar on as its text.
macro_rules! as_text {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(
            fn $method<E: de::Error>(self, value: $ty) -> Result<Self::Value, E> {
                self.0.visit_string(value.to_string())
            }
        )*
    };
}

/// A visitor for a string that reads a number or a boolean as its text
/// (`3` as `"3"`); anything else goes to the string's visitor as it is.
struct Texted<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Texted<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.expecting(f)
    }

    visit!(
        visit_str(&str),
        visit_borrowed_str(&'de str),
        visit_string(String),
    );

    as_text!(
        visit_bool(bool),
        visit_i64(i64),
        visit_u64(u64),
        visit_f64(f64),
    );

    containers_passed_on!();
}

/// A struct's visitor that takes a map only (its members' deserializers
/// wrapped), and, where told, an empty text as the empty object; any
/// other value it refuses as the struct's visitor would one that is no map.
struct StructOnly<V> {
    visitor: V,
    empty_text_is_object: bool,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for StructOnly<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        if text.is_empty() && self.empty_text_is_object {
            let empty = de::value::MapDeserializer::new(std::iter::empty::<((), ())>());
            self.visitor.visit_map(empty)
        } else {
            Err(E::invalid_type(de::Unexpected::Str(text), &self))
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_map(Wrap(map))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Wrap<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Wrap(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Wrap<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(Wrap(seed))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(Wrap(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Wrap<A> {
    type Error = A::Error;
    type Variant = Wrap<A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        let (value, variant) = self.0.variant_seed(Wrap(seed))?;
        Ok((value, Wrap(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Wrap<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Wrap(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Wrap(visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(fields, Wrap(visitor))
    }
}

impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for Wrap<T> {
    type Value = T::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T::Value, D::Error> {
        self.0.deserialize(Strict::nested(d))
    }
}
