// What the user must do, in words, per method (see NoticeMethod). Organisations change the
// surrounding template; these steps follow the treatment the engine actually applied, so the text
// can never promise a path (self-service) the campaign does not offer.
import { ReclaimError } from '../core/errors/reclaim-error.ts';
import type { Assurance, NoticeMethod } from './notice-request.ts';

export interface MethodSettings {
  helpdeskContact: string;
  /** the self-service password reset page (required for the self-service method) */
  ssprUrl?: string;
  /** where cloud users sign in to be asked for a new password */
  portalUrl: string;
  /** the organisation's own VPN instructions, replacing the generic ones */
  vpnSteps?: string;
}

export interface MethodText {
  title: string;
  steps: string;
}

export function methodText(method: NoticeMethod, assurance: Assurance, settings: MethodSettings): MethodText {
  switch (method) {
    case 'change-at-logon':
      return {
        title: 'Change your password at your next sign-in at the office',
        steps: [
          '1. Sign in to your computer at the office, on the company network, with your current password.',
          '2. Windows tells you that your password must be changed: choose a new password you have never used before.',
          '3. Sign in with the new password. Nobody will ever ask you for it.',
        ].join('\n'),
      };
    case 'change-at-logon-vpn':
      return {
        title: 'Change your password over the VPN',
        steps:
          settings.vpnSteps ??
          [
            '1. Start your computer and connect the company VPN (it uses your certificate, not your password).',
            '2. While connected, press Ctrl+Alt+Del and choose "Change a password".',
            '3. Enter your current password, then a new password you have never used before.',
            '4. Lock and unlock your computer with the new password while still connected.',
          ].join('\n'),
      };
    case 'self-service':
      // SAFETY: under high assurance self-service reset is not trusted (it may be how the attacker
      // came in): a notice must not send users there. The engine should never ask; refuse if it does.
      if (assurance === 'high') {
        throw new ReclaimError(
          'INPUT_INVALID',
          'a self-service notice was requested under high assurance, where self-service reset is not trusted',
        );
      }
      if (!settings.ssprUrl) {
        throw new ReclaimError(
          'CONFIG_INVALID',
          'notify.ssprUrl is not set, but a notice asks users to reset their password through self-service',
        );
      }
      return {
        title: 'Reset your password through self-service',
        steps: [
          `1. Go to ${settings.ssprUrl} (type the address yourself; do not follow a link you were sent).`,
          '2. Verify your identity with the method you registered (authenticator app, phone or security key).',
          '3. Choose a new password you have never used before, then sign in with it.',
        ].join('\n'),
      };
    case 'helpdesk':
      return {
        title: 'Call the helpdesk to get a new password',
        steps: [
          `1. Call ${settings.helpdeskContact}.`,
          '2. The agent will verify your identity (a call-back to the number on file, a video call or in person): have your employee badge ready.',
          '3. You receive a temporary credential by voice or in person, never by email; change it at your first sign-in.',
        ].join('\n'),
      };
    case 'cloud-sign-in':
      return {
        title: 'Sign in to choose a new password',
        steps: [
          `1. Go to ${settings.portalUrl} (type the address yourself).`,
          '2. Sign in with your current password; you will be asked to choose a new one, and may be asked for your second factor.',
          '3. Sign in again on your other devices with the new password.',
        ].join('\n'),
      };
  }
}
