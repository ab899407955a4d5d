import {
  AddUser,
  Init,
  RemoveUser,
  SetManager,
  SetRequirePreapproval,
  Status,
  SwitchUser,
  UpdateUser,
  Users,
} from '../../wailsjs/go/account/Service';
import { account } from '../../wailsjs/go/models';
import { requireBridge } from './bridge';
import { call } from './errors';

export type Account = account.Account;
export type User = account.User;
export type AccountStatus = account.Status;
export type Role = 'owner' | 'admin' | 'member';

export const roles: readonly Role[] = ['owner', 'admin', 'member'];

/** A user as the Add and Edit forms send it. */
export interface UserInput {
  name: string;
  email: string;
  role: Role;
  manager: boolean;
}

/** Whether the account exists and who is signed in. */
export function getAccountStatus(): Promise<AccountStatus> {
  return call(() => {
    requireBridge();
    return Status();
  });
}

/** Creates the account; the person becomes its owner and is signed in. */
export function initAccount(input: { accountName: string; name: string; email: string }): Promise<User> {
  return call(() => {
    requireBridge();
    return Init(account.InitInput.createFrom(input));
  });
}

export function listUsers(): Promise<User[]> {
  return call(async () => {
    requireBridge();
    return (await Users()) ?? [];
  });
}

export function addUser(input: UserInput): Promise<User> {
  return call(() => {
    requireBridge();
    return AddUser(account.NewUser.createFrom(input));
  });
}

export function updateUser(id: number, input: UserInput): Promise<User> {
  return call(() => {
    requireBridge();
    return UpdateUser(id, account.NewUser.createFrom(input));
  });
}

export function removeUser(id: number): Promise<void> {
  return call(() => {
    requireBridge();
    return RemoveUser(id);
  });
}

/** Grants or revokes an admin's marketplace-manager privilege. */
export function setManager(id: number, granted: boolean): Promise<User> {
  return call(() => {
    requireBridge();
    return SetManager(id, granted);
  });
}

/** Signs in as another user of the account (local mode has no passwords). */
export function switchUser(id: number): Promise<User> {
  return call(() => {
    requireBridge();
    return SwitchUser(id);
  });
}

export function setRequirePreapproval(required: boolean): Promise<Account> {
  return call(() => {
    requireBridge();
    return SetRequirePreapproval(required);
  });
}
