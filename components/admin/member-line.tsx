import type { ReactNode } from 'react';

/** A person in an admin list: name, email, role when given, "(deactivated)", and the row's action. */
export function MemberLine({
  member,
  children,
}: {
  member: { name: string; email: string; role?: string; status: string };
  children: ReactNode;
}) {
  return (
    <li className="flex flex-wrap items-center justify-between gap-2 py-2">
      <span>
        {member.name}{' '}
        <span className="text-slate-600">
          · {member.email}
          {member.role ? ` · ${member.role}` : null}
        </span>
        {member.status === 'deactivated' ? <span className="text-slate-500"> (deactivated)</span> : null}
      </span>
      {children}
    </li>
  );
}
