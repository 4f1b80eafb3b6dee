// Which method a notice tells the user to follow, from the treatment the plan chose (and, for a
// must-change reset, whether the person connects through the certificate VPN).
import type { NoticeMethod } from '../../notify/notice-request.ts';

export function noticeMethod(treatment: string, segment: string): NoticeMethod | null {
  switch (treatment) {
    case 'requireChange':
    case 'passwordPolicyExpiry':
      return segment === 'vpnCertificate' ? 'change-at-logon-vpn' : 'change-at-logon';
    case 'adminResetSspr':
      return 'self-service';
    case 'helpdeskReset':
      return 'helpdesk';
    case 'cloudForceChange':
      return 'cloud-sign-in';
    default:
      // Tasks (privileged, service accounts, krbtgt) and resets without notice (inactive, smart card).
      return null;
  }
}
