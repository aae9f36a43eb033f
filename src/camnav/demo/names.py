"""People's names for the synthetic members and providers: common US first and last names."""

from __future__ import annotations

import random

from camnav.demo.seeds import pick


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FEMALE = _words(
    "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty "
    "Sandra Margaret Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie "
    "Rebecca Sharon Laura Cynthia Amy Kathleen Angela Shirley Brenda Emma Anna Pamela Nicole "
    "Samantha Katherine Christine Helen Debra Rachel Carolyn Janet Maria Catherine Heather Diane "
    "Olivia Julie Joyce Victoria Ruth Virginia Lauren Kelly Christina Joan Evelyn Judith Andrea "
    "Hannah Megan Cheryl Jacqueline Martha Madison Teresa Gloria Sara Janice Ann Kathryn Abigail "
    "Sophia Frances Jean Alice Judy Isabella Julia Grace Amber Denise Danielle Marilyn Beverly "
    "Charlotte Natalie Theresa Diana Brittany Doris Kayla Alexis Lori Marie Mei Yuki Priya Leilani "
    "Fatima Ana Lucia Camila Ximena Linh Thu Aiko Keiko Noelani Ayesha Chloe Zoe Mia Aaliyah"
)

MALE = _words(
    "James Robert John Michael David William Richard Joseph Thomas Christopher Charles Daniel "
    "Matthew Anthony Mark Donald Steven Andrew Paul Joshua Kenneth Kevin Brian George Timothy "
    "Ronald Jason Edward Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott "
    "Brandon Benjamin Samuel Gregory Alexander Patrick Frank Raymond Jack Dennis Jerry Tyler Aaron "
    "Jose Adam Nathan Henry Zachary Douglas Peter Kyle Noah Ethan Jeremy Walter Christian Keith "
    "Roger Terry Austin Sean Gerald Carl Harold Dylan Arthur Lawrence Jordan Jesse Bryan Billy "
    "Bruce Gabriel Joe Logan Alan Juan Albert Willie Elijah Wayne Randy Vincent Mason Roy Ralph "
    "Bobby Russell Bradley Philip Eugene Wei Hiroshi Raj Kai Mateo Luis Carlos Minh Tuan Omar Ali "
    "Kenji Malik Andre Diego Rafael"
)

LAST = _words(
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris "
    "Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill "
    "Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips "
    "Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers "
    "Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson "
    "Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo "
    "Sanders Patel Myers Long Ross Foster Jimenez Chen Wang Li Zhang Liu Yang Huang Tran Pham Le "
    "Park Choi Yamamoto Tanaka Nakamura Kealoha Kahale Akana Singh Shah Kumar Cohen Schwartz "
    "Olson Larson Nielsen Johansson Novak Kowalski Ivanov Petrov Okafor Mensah Haile Tesfaye"
)

GENDERS = {"female": FEMALE, "male": MALE}


def first_name(rng: random.Random, gender: str) -> str:
    """A first name for the gender ("female" or "male"; any other gets either list)."""
    names = GENDERS.get(gender) or (FEMALE if rng.random() < 0.5 else MALE)
    return pick(rng, names)


def last_name(rng: random.Random) -> str:
    return pick(rng, LAST)
