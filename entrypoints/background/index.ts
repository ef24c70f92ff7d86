import { handleActionClick } from './clip';

export default defineBackground(() => {
  // Chrome MV3 has `action`, Firefox MV2 `browserAction`.
  const action =
    browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
  action.onClicked.addListener((tab) => {
    void handleActionClick(tab);
  });
});
