// Card-read results shaped exactly as `kiosk card read --json` prints them (electron/contract/card-read.ts),
// for invented demo citizens. The ID numbers follow the CCCD layout (province 001/079, century-sex digit,
// birth year) but belong to nobody.
import type { CardReadResult } from '../../../electron/contract/card-read.ts';

export interface DemoCitizen {
  idNumber: string;
  fullName: string;
  mrzSurname: string;
  mrzGiven: string;
  dateOfBirth: string;
  sex: 'M' | 'F';
  residence: string;
}

export const CITIZENS: Record<string, DemoCitizen> = {
  an: { idNumber: '001099012345', fullName: 'Nguyễn Văn An', mrzSurname: 'NGUYEN', mrzGiven: 'VAN AN', dateOfBirth: '1999-03-14', sex: 'M', residence: 'Số 12 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội' },
  ha: { idNumber: '079186004321', fullName: 'Đặng Thị Thu Hà', mrzSurname: 'DANG', mrzGiven: 'THI THU HA', dateOfBirth: '1986-11-02', sex: 'F', residence: '45 Đường Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh' },
  duc: { idNumber: '048075000777', fullName: 'Đỗ Đức Đạt', mrzSurname: 'DO', mrzGiven: 'DUC DAT', dateOfBirth: '1975-07-30', sex: 'M', residence: '7 Trần Phú, Hải Châu, Đà Nẵng' },
};

export function demoCard(c: DemoCitizen = CITIZENS.an): CardReadResult {
  return {
    access: { protocol: 'PACE-CAN', attempts: 1 },
    mrz: {
      documentCode: 'ID', issuer: 'VNM', documentNumber: c.idNumber.slice(3), idNumber: c.idNumber,
      dateOfBirth: c.dateOfBirth, sex: c.sex, dateOfExpiry: '2039-03-14', nationality: 'VNM',
      surname: c.mrzSurname, givenNames: c.mrzGiven,
    },
    personal: {
      idNumber: c.idNumber, fullName: c.fullName, dateOfBirth: c.dateOfBirth, sex: c.sex, nationality: 'Việt Nam',
      ethnicity: 'Kinh', religion: 'Không', placeOfOrigin: 'Hà Nội', placeOfResidence: c.residence,
      identifyingMarks: 'Nốt ruồi C:1cm dưới trước mép trái', dateOfIssue: '2021-04-10', dateOfExpiry: '2039-03-14',
      fatherName: 'Nguyễn Văn Bình', motherName: 'Trần Thị Cúc', spouseName: null, oldIdNumber: '012345678',
    },
    portrait: { format: 'jpeg', width: 480, height: 640, sha256: 'ab'.repeat(32) },
    dataGroups: ['DG1', 'DG2', 'DG13', 'DG14', 'DG15'],
    authenticity: {
      passive: { status: 'valid', signer: 'CN=DS VN 01', problems: [] },
      active: { status: 'valid' },
      chip: { status: 'valid' },
    },
    stats: { apdus: 120, bytesSent: 3000, bytesReceived: 24000, ms: 2100 },
  };
}
