import { api } from '../api.ts';
import { Await } from '../components/Status.tsx';
import { useLoad } from '../data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { usePaths } from '../paths.tsx';
import { Link } from '../router.tsx';

/** `/`: every agreement the visitor may see. */
export function AccordList() {
  const { t, date, party, list } = useI18n();
  const paths = usePaths();
  const loaded = useLoad('accords', api.accords);
  return (
    <>
      <h1>{t('list.title')}</h1>
      <p className="lead">{t(paths.portal ? 'portal.intro' : 'list.intro')}</p>
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
                      <Link to={paths.accord(a.slug)}>{a.title}</Link>
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
