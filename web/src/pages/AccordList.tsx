import { api } from '../api.ts';
import { Await } from '../components/Status.tsx';
import { useLoad } from '../data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';

async function loadList() {
  const accords = await api.accords();
  // The list gives no counts: read each agreement (a handful) for its number of commitments.
  return Promise.all(
    accords.map(async (a) => ({ ...a, commitments: (await api.accord(a.id)).commitments })),
  );
}

/** `/`: every agreement the visitor may see. */
export function AccordList() {
  const { t, date, party, list } = useI18n();
  const loaded = useLoad('accords', loadList);
  return (
    <>
      <h1>{t('list.title')}</h1>
      <p className="lead">{t('list.intro')}</p>
      <Await loaded={loaded}>
        {(accords) =>
          accords.length === 0 ? (
            <p>{t('list.empty')}</p>
          ) : (
            <table className="table" data-testid="accords">
              <thead>
                <tr>
                  <th scope="col">{t('list.col.title')}</th>
                  <th scope="col">{t('list.col.signed')}</th>
                  <th scope="col">{t('list.col.parties')}</th>
                  <th scope="col" className="num">
                    {t('list.col.commitments')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {accords.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Link to={`/a/${encodeURIComponent(a.slug)}`}>{a.title}</Link>
                    </td>
                    <td>{date(a.signed)}</td>
                    <td>{list(a.parties.map((p) => party(p.code, p.name)))}</td>
                    <td className="num">{a.commitments}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Await>
    </>
  );
}
