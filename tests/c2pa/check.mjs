// Reads and validates the C2PA manifest of one MP4 with TrustNXT's c2pa-ts and prints the result as JSON:
// { found, valid, actions: [{action, digitalSourceType, agent}], codes: [validation status codes] }.
// Run by tests/Vidgan.Tests/Trust/C2paInteropTests.cs as an independent check of what Vidgan writes.
import * as fs from 'node:fs/promises';
import { BMFF } from '@trustnxt/c2pa-ts/asset';
import { SuperBox } from '@trustnxt/c2pa-ts/jumbf';
import { ManifestStore, ValidationResult } from '@trustnxt/c2pa-ts/manifest';
// c2pa-ts reads BMFF only for HEIF brands; its validation is brand-independent, so MP4 brands are added here.
for (const b of ['isom', 'mp41', 'mp42', 'iso2', 'avc1']) BMFF.canReadBrands.add(b);
const buf = new Uint8Array(await fs.readFile(process.argv[2]));
const asset = new BMFF(buf);
const jumbf = asset.getManifestJUMBF();
if (!jumbf) { console.log(JSON.stringify({ found: false })); process.exit(0); }
let result, actions = [];
try {
  const store = ManifestStore.read(SuperBox.fromBuffer(jumbf));
  const m = store.getActiveManifest();
  for (const a of m.assertions.getActionAssertions()) for (const x of a.actions) actions.push({ action: x.action, digitalSourceType: x.digitalSourceType, agent: x.softwareAgent?.name });
  result = await store.validate(asset);
} catch (e) { result = ValidationResult.fromError(e); }
console.log(JSON.stringify({ found: true, valid: result.isValid, actions,
  codes: result.statusEntries.map(e => e.code + (e.explanation ? ' (' + e.explanation + ')' : '')) }, null, 1));
