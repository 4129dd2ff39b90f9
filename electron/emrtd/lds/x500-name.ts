// X.500 names as one line for people and JSON: "C=VN, O=Bo Cong An, CN=…" — attributes in the order the
// certificate lists them (country first, as ICAO 9303-12 §7.1 CSCA/DS names are written), values escaped
// per RFC 4514 §2.4, unknown attribute types as dotted OIDs with a #hex value.
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { hex } from '../bytes.ts';
import type { Asn1 } from './asn1.ts';
import { decodeAsn1, expectOid, expectSequence, expectSet } from './asn1.ts';

const SHORT_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

function escapeValue(v: string): string {
  let s = v.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`);
  if (s.startsWith('#') || s.startsWith(' ')) s = `\\${s}`;
  if (s.endsWith(' ') && s.length > 1) s = `${s.slice(0, -1)}\\ `;
  return s;
}

function valueText(value: unknown): string {
  if (value instanceof asn1js.BaseStringBlock) return escapeValue(value.getValue().normalize('NFC'));
  const raw = value instanceof asn1js.BaseBlock ? new Uint8Array(value.toBER()) : new Uint8Array(0);
  return `#${hex(raw)}`;
}

function attributeText(type: string, value: unknown): string {
  return `${SHORT_NAMES[type] ?? type}=${valueText(value)}`;
}

/** Format an RDNSequence node: RDNs joined by ", ", the attributes of a multi-valued RDN by "+". */
export function formatNameNode(node: Asn1): string {
  return expectSequence(node, 'Name')
    .map((rdn) =>
      expectSet(rdn, 'RelativeDistinguishedName')
        .map((atv) => {
          const [type, value] = expectSequence(atv, 'AttributeTypeAndValue');
          return attributeText(expectOid(type, 'AttributeType'), value);
        })
        .join('+'),
    )
    .join(', ');
}

export function formatName(name: pkijs.RelativeDistinguishedNames): string {
  if (name.valueBeforeDecode.byteLength > 0) return formatNameNode(decodeAsn1(new Uint8Array(name.valueBeforeDecode), 'Name'));
  return name.typesAndValues.map((tv) => attributeText(tv.type, tv.value)).join(', ');
}
