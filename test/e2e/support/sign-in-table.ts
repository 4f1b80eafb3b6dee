// The closing note's table for the hybrid end-to-end test: which password signs in where, before
// and after the campaign, per situation. Each cell is what a real client was answered (kinit and an
// LDAPS bind against the lab DC, a resource-owner password sign-in against the Graph emulator).
export interface SignInRow {
  situation: string;
  moment: string;
  password: string;
  kinit: string;
  ldap: string;
  cloud: string;
}

export class SignInTable {
  readonly rows: SignInRow[] = [];

  add(row: SignInRow): SignInRow {
    this.rows.push(row);
    return row;
  }

  markdown(): string {
    const head = ['situation', 'moment', 'password', 'AD kinit', 'AD LDAPS bind', 'cloud sign-in'];
    const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
    return [
      line(head),
      line(head.map(() => '---')),
      ...this.rows.map((r) => line([r.situation, r.moment, r.password, r.kinit, r.ldap, r.cloud])),
    ].join('\n');
  }
}
