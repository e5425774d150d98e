import type { Agency } from '../../../../../src/contract/org.ts';
import { agencyName } from '../../names.ts';
import { buildTree, flatten } from './agency-tree.ts';

/** Agencies as indented options, in tree order. */
export function AgencyOptions({
  agencies,
  lang,
}: {
  agencies: readonly Agency[];
  lang: 'vi' | 'en';
}) {
  return (
    <>
      {flatten(buildTree(agencies)).map((n) => (
        <option key={n.agency.id} value={n.agency.id}>
          {'\u00a0\u00a0'.repeat(n.depth)}
          {agencyName(n.agency, lang)}
        </option>
      ))}
    </>
  );
}
