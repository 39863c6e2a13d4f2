import { SelectField } from './fields';

/** The filter of a list by one of the user's schools; empty is every school. */
export function SchoolFilter({
  schools,
  value,
  onChange,
  hint,
}: {
  schools: readonly { id: string; name: string }[];
  value: string;
  onChange: (schoolId: string) => void;
  hint?: string;
}) {
  return (
    <SelectField
      name="school"
      label="School"
      required
      value={value}
      onChange={onChange}
      options={schools.map((s) => [s.id, s.name] as const)}
      placeholder="Alle scholen"
      {...(hint ? { hint } : {})}
    />
  );
}
