import { render } from 'preact';
import { uiLanguage } from '@/utils/i18n';
import { App } from './App';
import './style.css';

document.documentElement.lang = uiLanguage();
document.title = browser.i18n.getMessage('appTitle') || 'Kurabe';
render(<App />, document.getElementById('app')!);
