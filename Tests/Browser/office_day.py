"""The office's day in a real Chromium: Amy (staff) sends her phone's photos, tags the face the
photo app missed by clicking it, prepares a post and sees a caption refused; the head approves
it in the queue; the PA publishes it. Then the records: Amy's consent is withdrawn, the PA
takes the post down, Amy confirms her phone is cleared, and the auditor finds it all in the
deletion register and verifies the log. A full-page screenshot of each page is saved, and each
step asserts what the page shows.

Usage: office_day.py BASE_URL SCREENSHOT_DIR PHOTO...   (passwords and the withdrawn
consent list from the environment)
"""
import base64
import os
import sys
import time

os.environ["SE_OFFLINE"] = "true"  # never download a driver: Debian's chromedriver is used
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

BASE, SHOTS, PHOTOS = sys.argv[1], sys.argv[2], sys.argv[3:]
PASSWORDS = {name: os.environ[f"PASSWORD_{name.upper()}"] for name in ("amy", "head", "pa", "audrey", "office")}
CHANNEL = "school-facebook"


def browser():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(10)  # a click's next page may still be loading when it is looked at
    return driver


class Office:
    def __init__(self, driver):
        self.d = driver
        self.count = 0

    def shot(self, name):
        """A full-page screenshot, numbered in the order taken."""
        self.count += 1
        height = self.d.execute_script("return document.documentElement.scrollHeight")
        self.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 1280, "height": min(height, 4000), "deviceScaleFactor": 1, "mobile": False})
        data = self.d.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})["data"]
        path = os.path.join(SHOTS, f"{self.count:02d}-{name}.png")
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))
        self.d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        print(f"   screenshot {path}")

    def text(self):
        return self.d.find_element(By.TAG_NAME, "main").text

    def expect(self, *phrases, seconds=60):
        """Waits (a form's page may still be loading) until the page shows every phrase, as
        shown: a style may set words in capitals."""
        deadline = time.time() + seconds
        while True:
            try:
                page = self.text()
                missing = [phrase for phrase in phrases if phrase.lower() not in page.lower()]
            except (StaleElementReferenceException, NoSuchElementException):
                page, missing = "", list(phrases)
            if not missing:
                return
            assert time.time() < deadline, f"{self.d.current_url} should say {missing[0]!r}; it says:\n{page}"
            time.sleep(0.2)

    def sign_in(self, user):
        self.d.get(BASE + "/login")
        self.d.find_element(By.NAME, "username").send_keys(user)
        self.d.find_element(By.NAME, "password").send_keys(PASSWORDS[user])
        self.d.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        self.wait_for(lambda: self.d.find_element(By.CSS_SELECTOR, ".who").text == user, f"the page should name {user} as signed in")

    def sign_out(self):
        self.d.find_element(By.CSS_SELECTOR, ".signout button").click()
        self.wait_for(lambda: self.d.find_elements(By.NAME, "password"), "signing out shows the sign-in form")

    def wait_for(self, condition, what, seconds=30):
        """Waits for a condition of the next page (a click's page may still be loading)."""
        deadline = time.time() + seconds
        while True:
            try:
                if condition():
                    return
            except (StaleElementReferenceException, NoSuchElementException):
                pass
            assert time.time() < deadline, f"{self.d.current_url}: {what}"
            time.sleep(0.2)

    def menu(self):
        return [link.text for link in self.d.find_elements(By.CSS_SELECTOR, ".menu a")]


def amy_sends_the_batch(office):
    d = office.d
    office.sign_in("amy")
    assert office.menu() == ["Home", "Batches", "Posts", "Deletions"], f"staff's menu: {office.menu()}"
    d.find_element(By.LINK_TEXT, "Batches").click()
    d.find_element(By.LINK_TEXT, "New batch").click()
    Select(d.find_element(By.NAME, "device")).select_by_value("amy-phone")
    Select(d.find_element(By.NAME, "channel")).select_by_value(CHANNEL)
    d.find_element(By.NAME, "photos").send_keys("\n".join(os.path.abspath(p) for p in PHOTOS))
    office.shot("new-batch")
    d.find_element(By.CSS_SELECTOR, "#batch-form button[type=submit]").click()
    deadline = time.time() + 300
    while "Done:" not in office.text():
        assert time.time() < deadline, "the batch did not finish in 5 minutes"
        assert "Stopped" not in office.text(), office.text()
        time.sleep(1)
        d.refresh()
    office.expect(f"Batch from amy-phone for {CHANNEL}", "Files not brought in", "notes.jpg",
                  "delete them from it")
    cards = d.find_elements(By.CSS_SELECTOR, ".photo-card")
    assert len(cards) == len(PHOTOS) - 1, f"{len(cards)} photos in the grid"
    office.shot("batch")
    return d.current_url


def amy_tags_the_missed_face(office, batch_url):
    d = office.d
    group = d.find_element(By.XPATH, "//li[contains(@class,'photo-card')][.//span[@class='file' and contains(., 'IMG_0102')]]")
    group.find_element(By.TAG_NAME, "a").click()
    boxes = d.find_elements(By.CSS_SELECTOR, "svg.face-boxes rect.box")
    assert len(boxes) == 6, f"the class photo should show 6 faces, shows {len(boxes)}"
    red = d.find_elements(By.CSS_SELECTOR, "svg.face-boxes rect.box.blur")
    office.expect("untagged face", "Blurred where needed")
    office.shot("photo")
    untagged = [item for item in d.find_elements(By.CSS_SELECTOR, ".face-item.blur") if "untagged face" in item.text]
    assert len(untagged) == 1, "one face (Donna's) has no tag"
    number = untagged[0].get_attribute("id").split("-")[1]
    link = d.find_element(By.CSS_SELECTOR, f"svg.face-boxes a[href='#face-{number}']")
    d.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}))", link)
    chosen = d.find_element(By.CSS_SELECTOR, f"#face-{number}")
    assert "chosen" in chosen.get_attribute("class"), "clicking a face opens its form"
    person = chosen.find_element(By.NAME, "person")
    assert d.switch_to.active_element == person, "the name field has the focus"
    person.send_keys("Donna Noble")
    office.shot("picker")
    chosen.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    office.expect("Tagged P007", "Donna Noble (P007)")
    assert len(d.find_elements(By.CSS_SELECTOR, "svg.face-boxes rect.box.blur")) == len(red) - 1, "Donna's face now stays visible"
    office.shot("photo-tagged")
    d.find_element(By.PARTIAL_LINK_TEXT, "As it will be published").click()
    image = d.find_element(By.CSS_SELECTOR, "img.photo")
    assert d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image), "the published view loads"
    office.shot("published-view")
    d.get(batch_url)


def amy_sees_the_name_on_the_certificate(office, batch_url):
    """The certificate from assembly names River Song, who may not be named: the name is boxed
    in blue with its reason, and blurred in the photo as it will be published."""
    d = office.d
    card = d.find_element(By.XPATH, "//li[contains(@class,'photo-card')][.//span[@class='file' and contains(., 'IMG_0103')]]")
    card.find_element(By.TAG_NAME, "a").click()
    names = d.find_elements(By.CSS_SELECTOR, "svg.face-boxes rect.box.text")
    assert len(names) == 1, f"the certificate should show one name, shows {len(names)}"
    office.expect("Name 1 readable in the photo", "the name River Song is readable on the photo (certificate,", "Blurred where needed")
    office.shot("photo-certificate")
    d.find_element(By.PARTIAL_LINK_TEXT, "As it will be published").click()
    image = d.find_element(By.CSS_SELECTOR, "img.photo")
    assert d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image), "the published view loads"
    office.shot("certificate-published")
    d.get(batch_url)


def amy_prepares_the_post(office):
    d = office.d
    group = d.find_element(By.XPATH, "//li[contains(@class,'photo-card')][.//span[@class='file' and contains(., 'IMG_0102')]]")
    group.find_element(By.NAME, "photos").click()
    d.find_element(By.CSS_SELECTOR, ".batch-grid-form button[type=submit]").click()
    caption = d.find_element(By.NAME, "caption")
    caption.send_keys("Rory Williams and friends at the Year 6 games afternoon")
    for box in d.find_elements(By.NAME, "checklist"):
        box.click()
    d.find_element(By.CSS_SELECTOR, "form button.primary").click()
    office.expect("The post was not sent", "Rory")
    assert d.find_element(By.NAME, "caption").get_attribute("value") == "Rory Williams and friends at the Year 6 games afternoon"
    office.shot("post-refused")
    caption = d.find_element(By.NAME, "caption")
    caption.clear()
    caption.send_keys("Amy Pond leads the Year 6 games afternoon")
    d.find_element(By.CSS_SELECTOR, "form button.primary").click()
    office.expect("is in the approval queue", "Amy Pond leads the Year 6 games afternoon")
    office.shot("post-sent")
    post = d.current_url.split("/posts/")[1].split("?")[0]
    office.sign_out()
    return post


def head_approves(office, post):
    d = office.d
    office.sign_in("head")
    assert "Approval queue" in office.menu() and "Batches" not in office.menu(), f"the head's menu: {office.menu()}"
    d.find_element(By.LINK_TEXT, "Approval queue").click()
    office.expect("Amy Pond leads the Year 6 games afternoon", "prepared by amy")
    entry = d.find_element(By.ID, f"post-{post}")
    overlay = entry.find_element(By.CSS_SELECTOR, "svg.overlay")
    assert not overlay.is_displayed(), "face boxes are hidden until asked for"
    entry.find_element(By.CSS_SELECTOR, "label.toggle-faces").click()
    assert overlay.is_displayed() and len(overlay.find_elements(By.CSS_SELECTOR, "rect.box")) == 6, "the toggle draws the six faces"
    office.shot("queue")
    entry.find_element(By.NAME, "note").send_keys("Lovely afternoon")
    entry.find_element(By.CSS_SELECTOR, "form[action$='/approve'] button").click()
    office.expect("approved")
    office.shot("approved")
    office.sign_out()


def pa_publishes(office, post):
    d = office.d
    office.sign_in("pa")
    d.find_element(By.LINK_TEXT, "Publish").click()
    office.expect("Amy Pond leads the Year 6 games afternoon")
    office.shot("publish")
    d.find_element(By.CSS_SELECTOR, f"#post-{post} form[action$='/publish'] button").click()
    office.expect("published")
    office.shot("published")
    office.sign_out()


def office_withdraws_consent(office, post):
    """Amy Pond's parents withdraw social media consent: the office (the admin) uploads the new
    list, sees the published post that must come down in the preview, and confirms it."""
    d = office.d
    office.sign_in("office")
    office.expect("The school year", "Photos published: 1")
    office.shot("admin-home")
    d.find_element(By.LINK_TEXT, "Users").click()
    office.expect("Add someone", "Reset amy's password")
    office.shot("users")
    d.find_element(By.LINK_TEXT, "Consent").click()
    office.expect("Import the MIS export")
    d.find_element(By.CSS_SELECTOR, "input[type=file][name=file]").send_keys(os.environ["CONSENT_WITHDRAWN"])
    d.find_element(By.CSS_SELECTOR, "form[action='/consent/import'] button").click()
    office.expect("Check the consent list before it is imported", "Amy Pond (P001) no longer has social media consent",
                  "Published posts that must come down", f"Post {post}")
    office.shot("consent-preview")
    d.find_element(By.CSS_SELECTOR, "form[action$='/confirm'] button").click()
    office.expect("The consent list is now version 2")
    office.sign_out()


def pa_takes_the_post_down(office, post):
    d = office.d
    office.sign_in("pa")
    office.expect("What needs you now", "published post to take down")
    count = d.find_element(By.CSS_SELECTOR, ".need.urgent a[href='/takedowns'] .count").text
    assert count == "1", f"the PA's home page counts {count} posts to take down"
    office.shot("pa-home")
    d.find_element(By.PARTIAL_LINK_TEXT, "published post to take down").click()
    office.expect(f"Post {post}", "Amy Pond (P001)")
    office.wait_for(lambda: d.find_element(By.CSS_SELECTOR, f"#takedown-{post} img").get_attribute("naturalWidth") != "0",
                    "the photo as it was published is shown")
    office.shot("takedowns")
    d.find_element(By.CSS_SELECTOR, f"#takedown-{post} input[name=note]").send_keys("Deleted from the Facebook page")
    d.find_element(By.CSS_SELECTOR, f"#takedown-{post} form button").click()
    office.expect(f"Post {post} is recorded as taken down", "Nothing has to be taken down")
    office.sign_out()


def amy_clears_her_phone(office):
    d = office.d
    office.sign_in("amy")
    d.find_element(By.PARTIAL_LINK_TEXT, "to delete from your phone").click()
    office.expect("Waiting for you to delete", "I have deleted batch")
    office.shot("deletions-mine")
    while d.find_elements(By.CSS_SELECTOR, "#mine form button"):
        d.find_element(By.CSS_SELECTOR, "#mine form button").click()
        office.expect("is recorded as deleted from the phone")
    office.expect("Nothing is waiting")
    office.sign_out()


def auditor_checks_the_record(office):
    d = office.d
    office.sign_in("audrey")
    assert "Publish" not in office.menu() and "Users" not in office.menu(), office.menu()
    d.find_element(By.LINK_TEXT, "Deletions").click()
    office.expect("The deletion register", "Deleted", "attested by amy in Photogate")
    office.shot("deletion-register")
    d.find_element(By.LINK_TEXT, "Audit log").click()
    office.expect("post.taken-down", "consent.imported")
    d.find_element(By.CSS_SELECTOR, "form[action='/audit/verify'] button").click()
    office.expect("✓ Intact", "The audit log is intact")
    office.shot("audit-verified")
    office.sign_out()


def main():
    os.makedirs(SHOTS, exist_ok=True)
    driver = browser()
    office = Office(driver)
    try:
        batch = amy_sends_the_batch(office)
        amy_tags_the_missed_face(office, batch)
        amy_sees_the_name_on_the_certificate(office, batch)
        post = amy_prepares_the_post(office)
        head_approves(office, post)
        pa_publishes(office, post)
        office_withdraws_consent(office, post)
        pa_takes_the_post_down(office, post)
        amy_clears_her_phone(office)
        auditor_checks_the_record(office)
    except BaseException:
        office.shot("failure")
        raise
    finally:
        driver.quit()
    print("== The browser test passed: upload, tagging, a refused caption, approval, publishing, a takedown, a cleared phone and the audit")


if __name__ == "__main__":
    main()
