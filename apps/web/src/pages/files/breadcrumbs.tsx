import { Link } from 'react-router';
import { useI18n } from '../../i18n/i18n';
import { ancestry } from './paths';

/** Where the folder is, each step a link back up; the current folder is not a link. */
export function Breadcrumbs({ path, hrefOf }: { path: string; hrefOf(path: string): string }) {
  const { t } = useI18n();
  const steps = [{ name: t('files.root'), path: '/' }, ...ancestry(path)];
  return (
    <nav aria-label={t('files.breadcrumbs')} className="breadcrumbs">
      <ol>
        {steps.map((step, index) =>
          index === steps.length - 1 ? (
            <li key={step.path} aria-current="page">
              {step.name}
            </li>
          ) : (
            <li key={step.path}>
              <Link to={hrefOf(step.path)}>{step.name}</Link>
            </li>
          ),
        )}
      </ol>
    </nav>
  );
}
