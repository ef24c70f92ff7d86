import { t } from '@/utils/i18n';
import { isSubmitEnter } from '@/utils/ime';

interface FilterBoxProps {
  value: string;
  onInput: (value: string) => void;
  /** Enter that is not an IME confirmation. */
  onSubmit: () => void;
}

export function FilterBox({ value, onInput, onSubmit }: FilterBoxProps) {
  return (
    <input
      type="search"
      class="filter"
      value={value}
      aria-label={t('filterLabel')}
      placeholder={t('filterPlaceholder')}
      onInput={(e) => onInput(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (isSubmitEnter(e)) {
          e.preventDefault();
          onSubmit();
        }
      }}
    />
  );
}
