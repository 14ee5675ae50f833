//! [`Content`]: a bundle as the engine reads it, every section decoded once
//! when it loads.

use std::fmt;

use crate::bundle::{Bundle, BundleError, BundleInfo, SECTION_INSTITUTIONS, SECTION_SMS_MODEL};
use crate::number::Region;
use crate::sms::institutions::Institutions;
use crate::sms::model::Model;

/// A verified bundle with its region, SMS model and institution table read.
///
/// [`Bundle`] checks the container (checksum, section table, lists); the SMS
/// sections are decoded here, above both, so `bundle` and `sms` do not
/// depend on each other. A section that does not decode refuses the whole
/// bundle: half a bundle would silently screen messages differently from
/// what was published.
pub struct Content {
    pub(crate) bundle: Bundle,
    pub(crate) region: Region,
    pub(crate) sms_model: Option<Model>,
    pub(crate) institutions: Option<Institutions>,
}

impl Content {
    /// Reads what the engine needs of `bundle`.
    pub fn new(bundle: Bundle) -> Result<Content, BundleError> {
        let invalid = |section: &str, reason: String| BundleError::Invalid {
            section: section.into(),
            reason,
        };
        // Checked when the bundle loads too: a bundle error, not a number error.
        let region = Region::parse(&bundle.metadata().region)
            .map_err(|e| invalid("header", format!("metadata region: {e}")))?;
        let sms_model = bundle
            .section(SECTION_SMS_MODEL)
            .map(Model::from_bytes)
            .transpose()
            .map_err(|reason| invalid(SECTION_SMS_MODEL, reason))?;
        // A half-read institution table would silently stop recognising
        // impersonation.
        let institutions = bundle
            .section(SECTION_INSTITUTIONS)
            .map(Institutions::from_bytes)
            .transpose()
            .map_err(|reason| invalid(SECTION_INSTITUTIONS, reason))?;
        Ok(Content {
            bundle,
            region,
            sms_model,
            institutions,
        })
    }

    /// The bundle.
    pub fn bundle(&self) -> &Bundle {
        &self.bundle
    }

    /// The bundle, giving up the decoded sections.
    pub fn into_bundle(self) -> Bundle {
        self.bundle
    }

    /// The SMS classifier, if the bundle carries one.
    pub fn sms_model(&self) -> Option<&Model> {
        self.sms_model.as_ref()
    }

    /// The institution table, if the bundle carries one.
    pub fn institutions(&self) -> Option<&Institutions> {
        self.institutions.as_ref()
    }

    /// [`Bundle::info`] with the SMS model's version.
    pub fn info(&self) -> BundleInfo {
        BundleInfo {
            sms_model_version: self.sms_model.as_ref().map(Model::version),
            ..self.bundle.info()
        }
    }
}

impl fmt::Debug for Content {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Content")
            .field("bundle", &self.bundle)
            .field("sms_model", &self.sms_model.is_some())
            .field("institutions", &self.institutions.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::testing::lists;
    use crate::bundle::{BundleWriter, Metadata};

    #[test]
    fn a_corrupt_model_refuses_the_bundle() {
        let bytes = BundleWriter::new(Metadata::new("t", "1", "CN"))
            .lists(&lists("170*,,silence,\n"))
            .section(SECTION_SMS_MODEL, vec![1, 2, 3])
            .to_bytes();
        let err = Content::new(Bundle::from_vec(bytes.clone()).unwrap()).unwrap_err();
        assert!(
            matches!(err, BundleError::Invalid { ref section, .. } if section == SECTION_SMS_MODEL)
        );
        assert_eq!(crate::Screener::from_bytes(bytes).err(), Some(err.into()));
    }

    #[test]
    fn institutions_round_trip_and_a_corrupt_table_refuses_the_bundle() {
        let built = lists("170*,,silence,\n");
        let table = Institutions::parse_csv("ICBC,工商银行,icbc,95588,icbc.com.cn,src\n").unwrap();
        let bytes = BundleWriter::new(Metadata::new("t", "1", "CN"))
            .lists(&built)
            .section(SECTION_INSTITUTIONS, table.to_bytes())
            .to_bytes();
        let c = Content::new(Bundle::from_vec(bytes).unwrap()).unwrap();
        assert_eq!(c.institutions(), Some(&table));
        let bytes = BundleWriter::new(Metadata::new("t", "1", "CN"))
            .lists(&built)
            .section(SECTION_INSTITUTIONS, vec![7, 7, 7])
            .to_bytes();
        let err = Content::new(Bundle::from_vec(bytes).unwrap()).unwrap_err();
        assert!(
            matches!(err, BundleError::Invalid { ref section, .. } if section == SECTION_INSTITUTIONS)
        );
    }
}
