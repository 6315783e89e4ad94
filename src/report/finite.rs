//! The check that keeps NaN and infinity out of every JSON output. JSON has no such numbers and
//! `serde_json` writes them as `null`, which a reader cannot tell from a value that is absent on
//! purpose; so before a document is written, this walks it (as a serde `Serializer` that writes
//! nothing) and names the first field holding a number that is not finite.

use std::fmt;

use serde::Serialize;
use serde::ser;

/// A number that is not finite, at the dotted path of its field (`[]` for an array element).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the field `{0}` is not a finite number")]
pub struct NotFinite(pub String);

impl ser::Error for NotFinite {
    fn custom<T: fmt::Display>(msg: T) -> NotFinite {
        NotFinite(msg.to_string())
    }
}

/// Checks that every number in `value` is finite.
pub(crate) fn check(value: &impl Serialize) -> Result<(), NotFinite> {
    value.serialize(&mut Walker { path: Vec::new() })
}

/// Walks a value, keeping the path of the field it is in.
struct Walker {
    path: Vec<&'static str>,
}

impl Walker {
    fn number(&self, x: f64) -> Result<(), NotFinite> {
        if x.is_finite() {
            Ok(())
        } else {
            Err(NotFinite(self.path.join(".")))
        }
    }

    fn field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), NotFinite> {
        self.path.push(key);
        value.serialize(&mut *self)?;
        self.path.pop();
        Ok(())
    }
}

/// Serializer methods for values that need no check: each accepts its value.
macro_rules! passes {
    ($($method:ident: $ty:ty),+) => {$(
        fn $method(self, _: $ty) -> Result<(), NotFinite> {
            Ok(())
        }
    )+};
}

impl ser::Serializer for &mut Walker {
    type Ok = ();
    type Error = NotFinite;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_f64(self, v: f64) -> Result<(), NotFinite> {
        self.number(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), NotFinite> {
        self.number(f64::from(v))
    }
    // Values that are not numbers, or cannot be non-finite, pass.
    passes!(
        serialize_bool: bool,
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_char: char,
        serialize_str: &str,
        serialize_bytes: &[u8]
    );
    fn serialize_none(self) -> Result<(), NotFinite> {
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), NotFinite> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), NotFinite> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), NotFinite> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), NotFinite> {
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), NotFinite> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), NotFinite> {
        self.field(variant, value)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, NotFinite> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, NotFinite> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, NotFinite> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, NotFinite> {
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, NotFinite> {
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, NotFinite> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, NotFinite> {
        Ok(self)
    }
}

/// An element of an array or tuple: its path gains `[]`.
fn element<T: ?Sized + Serialize>(w: &mut Walker, value: &T) -> Result<(), NotFinite> {
    w.field("[]", value)
}

/// The walker as serde's serializer of a compound whose parts are unnamed (`$part` is the
/// trait's method for one part): each part is an element.
macro_rules! unnamed_parts {
    ($($compound:ident :: $part:ident),+) => {$(
        impl ser::$compound for &mut Walker {
            type Ok = ();
            type Error = NotFinite;
            fn $part<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), NotFinite> {
                element(self, value)
            }
            fn end(self) -> Result<(), NotFinite> {
                Ok(())
            }
        }
    )+};
}

unnamed_parts!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for &mut Walker {
    type Ok = ();
    type Error = NotFinite;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), NotFinite> {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), NotFinite> {
        self.field("{}", value)
    }
    fn end(self) -> Result<(), NotFinite> {
        Ok(())
    }
}

/// The walker as serde's serializer of a struct or struct variant: each field's path gains its
/// name.
macro_rules! named_fields {
    ($($compound:ident),+) => {$(
        impl ser::$compound for &mut Walker {
            type Ok = ();
            type Error = NotFinite;
            fn serialize_field<T: ?Sized + Serialize>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), NotFinite> {
                self.field(key, value)
            }
            fn end(self) -> Result<(), NotFinite> {
                Ok(())
            }
        }
    )+};
}

named_fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        estimate: f64,
        median_day: Option<f64>,
        pair: (f64, f64),
    }

    #[derive(Serialize)]
    struct Doc {
        rows: Vec<Row>,
        total: f64,
    }

    #[test]
    fn a_number_that_is_not_finite_is_found_wherever_it_is() {
        let row = |estimate, median_day, pair| Row {
            estimate,
            median_day,
            pair,
        };
        let fine = Doc {
            rows: vec![row(0.5, None, (1.0, 2.0))],
            total: 1.0,
        };
        assert_eq!(check(&fine), Ok(()));
        for (doc, field) in [
            (
                Doc {
                    rows: vec![row(0.5, Some(f64::NAN), (1.0, 2.0))],
                    total: 1.0,
                },
                "rows.[].median_day",
            ),
            (
                Doc {
                    rows: vec![row(0.5, None, (1.0, f64::INFINITY))],
                    total: 1.0,
                },
                "rows.[].pair.[]",
            ),
            (
                Doc {
                    rows: Vec::new(),
                    total: f64::NEG_INFINITY,
                },
                "total",
            ),
        ] {
            assert_eq!(check(&doc), Err(NotFinite(field.to_string())));
        }
    }
}
