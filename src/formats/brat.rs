//! (being written)
use super::{ExportError, ExportFile};
use crate::model::{ids::Id, workspace::Workspace};
/// Placeholder until the exporter lands.
pub fn export(_ws: &Workspace, _docs: &[Id]) -> Result<Vec<ExportFile>, ExportError> {
    Err(ExportError::Empty)
}
