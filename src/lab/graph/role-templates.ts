// Built-in Entra role templates the emulator knows (entra-docs permissions-reference, graph.md A7).
export interface RoleTemplate {
  id: string;
  displayName: string;
  privileged: boolean;
}

export const ROLE = {
  globalAdmin: '62e90394-69f5-4237-9190-012177145e10',
  privilegedRoleAdmin: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  privilegedAuthAdmin: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  authAdmin: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  authPolicyAdmin: '0526716b-113d-4c15-b2c8-68e3c22b9f80',
  userAdmin: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  helpdeskAdmin: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  passwordAdmin: '966707d0-3269-4727-9be2-8c3a10f19b9d',
  groupsAdmin: 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
  exchangeAdmin: '29232cdf-9323-42fd-ade2-1d097af3e4de',
  securityAdmin: '194ae4cb-b126-40b2-bd5b-6091b380977d',
  securityReader: '5d6b6bb7-de71-4623-b4af-96380a352509',
  hybridIdentityAdmin: '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2',
  conditionalAccessAdmin: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  directoryReaders: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  guestInviter: '95e79109-95c0-4d8e-aee3-d01accf2d47b',
  messageCenterReader: '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b',
  reportsReader: '4a5d8f65-41da-4de4-8968-e035b65339cf',
  usageSummaryReportsReader: '75934031-6c7e-415a-99d7-48dbd49e875e',
  userExperienceSuccessManager: '27460883-1df1-4691-b032-3b79643e5e63',
  directorySyncAccounts: 'd29b2b05-8046-44ba-8758-1e26182fcf32',
} as const;

export const roleTemplates: RoleTemplate[] = [
  { id: ROLE.globalAdmin, displayName: 'Global Administrator', privileged: true },
  { id: ROLE.privilegedRoleAdmin, displayName: 'Privileged Role Administrator', privileged: true },
  { id: ROLE.privilegedAuthAdmin, displayName: 'Privileged Authentication Administrator', privileged: true },
  { id: ROLE.authAdmin, displayName: 'Authentication Administrator', privileged: true },
  { id: ROLE.authPolicyAdmin, displayName: 'Authentication Policy Administrator', privileged: false },
  { id: ROLE.userAdmin, displayName: 'User Administrator', privileged: true },
  { id: ROLE.helpdeskAdmin, displayName: 'Helpdesk Administrator', privileged: true },
  { id: ROLE.passwordAdmin, displayName: 'Password Administrator', privileged: true },
  { id: ROLE.groupsAdmin, displayName: 'Groups Administrator', privileged: false },
  { id: ROLE.exchangeAdmin, displayName: 'Exchange Administrator', privileged: false },
  { id: ROLE.securityAdmin, displayName: 'Security Administrator', privileged: true },
  { id: ROLE.securityReader, displayName: 'Security Reader', privileged: true },
  { id: ROLE.hybridIdentityAdmin, displayName: 'Hybrid Identity Administrator', privileged: true },
  { id: ROLE.conditionalAccessAdmin, displayName: 'Conditional Access Administrator', privileged: true },
  { id: ROLE.globalReader, displayName: 'Global Reader', privileged: true },
  { id: ROLE.directoryReaders, displayName: 'Directory Readers', privileged: false },
  { id: ROLE.guestInviter, displayName: 'Guest Inviter', privileged: false },
  { id: ROLE.messageCenterReader, displayName: 'Message Center Reader', privileged: false },
  { id: ROLE.reportsReader, displayName: 'Reports Reader', privileged: false },
  { id: ROLE.usageSummaryReportsReader, displayName: 'Usage Summary Reports Reader', privileged: false },
  { id: ROLE.userExperienceSuccessManager, displayName: 'User Experience Success Manager', privileged: false },
  { id: ROLE.directorySyncAccounts, displayName: 'Directory Synchronization Accounts', privileged: false },
];

export function roleTemplate(id: string): RoleTemplate | undefined {
  return roleTemplates.find((r) => r.id === id);
}
