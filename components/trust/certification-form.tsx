'use client';

import { useState } from 'react';
import { FormStatus } from '@/components/admin/form-status';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { useActionForm } from '@/components/ui/use-action-form';
import { addCertificationAction } from '@/lib/trust/certification-actions';
import { CERTIFICATION_SKILLS_MAX } from '@/lib/trust/certification-input';

export interface SkillOption {
  id: string;
  name: string;
  path: string;
}

/**
 * Record a certification: name, issuer, dates, an http(s) link to the
 * credential (no file uploads) and the skills it proves. The server checks
 * every field again (lib/trust/certification-input.ts) and saves nothing on a problem.
 */
export function CertificationForm({ skills, today }: { skills: readonly SkillOption[]; today: string }) {
  const {
    state,
    pending,
    fieldErrors: errors,
    formProps,
  } = useActionForm(addCertificationAction, {
    // A saved certification clears the form for the next one.
    resetOnSuccess: true,
  });
  const [seen, setSeen] = useState(state);
  const [selected, setSelected] = useState<string[]>([]);
  if (state !== seen) {
    setSeen(state);
    // The skills list is controlled (its hidden field posts the ids), so the reset does not reach it.
    if (state?.ok) setSelected([]);
  }
  return (
    <form {...formProps} className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Certification"
          name="name"
          required
          maxLength={200}
          errors={errors?.name}
          placeholder="e.g. Certified Kubernetes Administrator"
        />
        <TextField
          label="Issuer"
          name="issuer"
          required
          maxLength={200}
          errors={errors?.issuer}
          placeholder="e.g. CNCF"
        />
        <TextField label="Issued on" name="issuedOn" type="date" required max={today} errors={errors?.issuedOn} />
        <TextField
          label="Expires on (leave empty if it does not expire)"
          name="expiresOn"
          type="date"
          min={today}
          errors={errors?.expiresOn}
        />
      </div>
      <TextField
        label="Credential link (https://…, optional)"
        name="credentialUrl"
        type="url"
        inputMode="url"
        maxLength={2000}
        errors={errors?.credentialUrl}
        placeholder="https://www.credly.com/badges/…"
      />
      <div className="space-y-1">
        <label htmlFor="field-skills" className="block text-sm font-medium text-slate-800">
          Skills it proves (optional, up to {CERTIFICATION_SKILLS_MAX}; Ctrl or ⌘ to pick several)
        </label>
        <select
          id="field-skills"
          multiple
          size={6}
          value={selected}
          onChange={(event) => setSelected(Array.from(event.currentTarget.selectedOptions, (option) => option.value))}
          aria-invalid={errors?.skillIds ? true : undefined}
          aria-describedby={errors?.skillIds ? 'field-skills-error' : 'field-skills-count'}
          className="block w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
        >
          {skills.map((skill) => (
            <option key={skill.id} value={skill.id}>
              {skill.name} — {skill.path}
            </option>
          ))}
        </select>
        <input type="hidden" name="skillIds" value={selected.join(',')} />
        <p id="field-skills-count" className="text-xs text-slate-600">
          {selected.length} selected
        </p>
        {errors?.skillIds ? (
          <p id="field-skills-error" className="text-sm text-red-700">
            {errors.skillIds.join(' ')}
          </p>
        ) : null}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Add certification'}
        </Button>
        <FormStatus state={state} />
      </div>
    </form>
  );
}
