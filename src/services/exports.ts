// The export and bulk-import use cases in one module, for callers that load them on first use
// (`await import('../services/exports.ts')`): their libraries (exceljs, xmlbuilder2,
// fast-xml-parser) then stay out of a server that never exports.
export { exportAgreementAkn, importAgreementAkn } from './export-akn.ts';
export { exportDataPackage, zipDataPackage } from './export-datapackage.ts';
export { atomFeed, publishedChanges } from './export-feed.ts';
export { exportAgreementJson, importAgreementJson, parseAgreementExport } from './export-json.ts';
export {
  exportRegister,
  readCsvTable,
  readXlsxTable,
  visibleAgreement,
  writeRegisterCsv,
  writeRegisterXlsx,
  xlsxLimits,
} from './export-register.ts';
export { canPrintPdf, exportReport, printPdf } from './export-report.ts';
export { applyBulkUpdate, describeChange, planBulkUpdate } from './import-bulk.ts';
export { parseAkomaNtoso } from '../readers/read-akoma-ntoso.ts';
