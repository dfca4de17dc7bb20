"""Names for seeded people, grouped by the part of the world they are common in.

Grouping lets a person's name, city and time zone mostly agree, which makes a seeded network read
like a real one; a share of people still live far from where their name comes from.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class NamePool:
    region: str
    weight: int
    first: tuple[str, ...]
    last: tuple[str, ...]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


POOLS: tuple[NamePool, ...] = (
    NamePool(
        "western_europe", 14,
        _words("""
            Emma Louis Hannah Lukas Sophie Jonas Chloé Hugo Léa Mathis Lotte Daan Fleur Sem
            Charlotte Oliver Amelia Harry Isla George Freya Noah Clara Felix Marie Paul Anouk Finn
            Niamh Ciarán Aoife Seán Elise Julien Manon Théo"""),
        _words("""
            Müller Schmidt Schneider Fischer Weber Becker Wagner Hoffmann Martin Bernard Dubois
            Durand Lefèvre Moreau Laurent Girard de_Vries Jansen van_Dijk Bakker Visser Smit Smith
            Jones Taylor Brown Wilson Evans Murphy Kelly O'Brien Walsh Peeters Maes Janssens"""),
    ),
    NamePool(
        "southern_europe", 10,
        _words("""
            Lucía Martín Sofía Hugo Paula Daniel Alba Pablo Giulia Lorenzo Chiara Matteo Sara
            Francesco Beatriz João Inês Tiago Mariana Duarte Eleni Giorgos Maria Nikos Marta Andrea
            Elena Marco"""),
        _words("""
            García Fernández González Rodríguez López Martínez Sánchez Pérez Romero Rossi Russo
            Ferrari Esposito Bianchi Romano Colombo Ricci Silva Santos Ferreira Pereira Oliveira
            Costa Papadopoulos Georgiou Nikolaidis Dimitriou"""),
    ),
    NamePool(
        "northern_europe", 6,
        _words("""
            Astrid Elias Ingrid Oskar Saga Lars Freja William Aino Eetu Sigrid Magnus Linnea
            Anders Helmi Onni Katrín Jón Ida Emil"""),
        _words("""
            Johansson Andersson Karlsson Nilsson Eriksson Larsen Hansen Nielsen Pedersen Olsen
            Virtanen Korhonen Mäkinen Nieminen Jónsdóttir Sigurðsson Lindqvist Berg Dahl Holm"""),
    ),
    NamePool(
        "eastern_europe", 8,
        _words("""
            Zuzana Jakub Anna Piotr Katarzyna Tomasz Agnieszka Łukasz Tereza Ondřej Olena
            Dmytro Iryna Andrii Ioana Andrei Elena Mihai Petra Marek Kateryna Bogdan Dóra Bence"""),
        _words("""
            Nowak Kowalski Wiśniewska Wójcik Kamiński Lewandowska Novák Svoboda Dvořák Černá
            Shevchenko Kovalenko Bondarenko Tkachenko Popescu Ionescu Dumitru Stan Horváth Nagy
            Kovács Szabó Petrović Jovanović"""),
    ),
    NamePool(
        "africa", 10,
        _words("""
            Amara Chinedu Ngozi Tunde Adaeze Emeka Funmilayo Kwame Akosua Kofi Abena Yaw Wanjiru
            Otieno Achieng Baraka Zawadi Thandiwe Sipho Lerato Thabo Naledi Fatou Moussa Aminata
            Mamadou Selam Dawit Hana Yonas"""),
        _words("""
            Okafor Adeyemi Okonkwo Balogun Eze Nwosu Mensah Boateng Owusu Asante Kamau Odhiambo
            Wanjiku Mwangi Njoroge Dlamini Nkosi Mokoena Khumalo Ndlovu Diallo Traoré Sow Ndiaye
            Bekele Tesfaye Haile Girma"""),
    ),
    NamePool(
        "middle_east_north_africa", 8,
        _words("""
            Layla Omar Yasmin Karim Nour Youssef Salma Hassan Mariam Tariq Leila Amir Rania
            Khalid Zeynep Emre Elif Mehmet Defne Can Shira Noam Tamar Yosef Darya Reza"""),
        _words("""
            Haddad Khalil Nasser Mansour Saleh Farouk Aziz Hamdan Benali Bouzid El_Amrani
            Chaoui Yılmaz Kaya Demir Şahin Çelik Aydın Cohen Levi Mizrahi Friedman Ahmadi Hosseini
            Karimi Rahimi"""),
    ),
    NamePool(
        "south_asia", 12,
        _words("""
            Aarav Priya Arjun Ananya Rohan Diya Vikram Kavya Rahul Sneha Aditya Meera Karthik
            Lakshmi Siddharth Nisha Farhan Ayesha Imran Sana Tanvir Nusrat Sajid Shreya Nikhil
            Pooja Dilani Nuwan Kasun Sunita"""),
        _words("""
            Sharma Patel Singh Kumar Gupta Iyer Reddy Nair Menon Rao Mehta Joshi Desai Chatterjee
            Banerjee Mukherjee Das Khan Ahmed Hussain Rahman Chowdhury Islam Malik Qureshi Perera
            Fernando Silva Jayasuriya Bhattarai"""),
    ),
    NamePool(
        "east_asia", 10,
        _words("""
            Wei Xiu Ying Hao Mei Jun Lan Yi Chen Yuki Haruto Sakura Ren Aoi Sota Hina Minjun
            Seoyeon Jiwoo Hyun Soyeon Daeho Jia Yuna Kenji Akira"""),
        _words("""
            Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Sato Suzuki Takahashi Tanaka Watanabe
            Ito Yamamoto Nakamura Kim Lee Park Choi Jung Kang Cho Yoon"""),
    ),
    NamePool(
        "southeast_asia", 6,
        _words("""
            Nguyen Linh Minh Thao Anh Tuan Siti Ahmad Nurul Aisyah Budi Putri Rizky Dewi Maria
            Jose Angelica Mark Kristine Somchai Kanya Niran Ploy Arief"""),
        _words("""
            Nguyen Tran Le Pham Hoang Vu Dang Bui Santoso Wijaya Hidayat Putra Rahmawati
            Abdullah Ismail Tan Lim Ong Reyes Cruz Bautista Dela_Cruz Santos Garcia Suwannarat
            Chaiyaporn"""),
    ),
    NamePool(
        "latin_america", 10,
        _words("""
            Valentina Santiago Camila Mateo Isabella Sebastián Mariana Diego Gabriela Nicolás
            Fernanda Alejandro Daniela Joaquín Ana Luis Carolina Andrés Larissa Gustavo Beatriz
            Rafael Juliana Thiago Renata Matías"""),
        _words("""
            Hernández Ramírez Torres Flores Rivera Gómez Díaz Cruz Morales Reyes Gutiérrez
            Ortiz Castillo Vargas Rojas Mendoza Herrera Medina Aguilar Souza Lima Carvalho Almeida
            Ribeiro Barbosa Rocha Nascimento"""),
    ),
    NamePool(
        "north_america_oceania", 10,
        _words("""
            Olivia Liam Ava Ethan Mia Jackson Harper Lucas Evelyn Mason Abigail Logan Madison
            Caleb Aiden Zoe Tyler Riley Jordan Taylor Grace Wyatt Jack Ruby Lachlan Matilda Nikau
            Aroha Tama Kaia"""),
        _words("""
            Johnson Williams Miller Davis Anderson Thomas Jackson White Harris Thompson Clark
            Lewis Robinson Walker Young Allen King Wright Scott Green Baker Adams Nelson Campbell
            Mitchell Roberts Carter Parker Tāwhiri Ngata Whitehorse Begay"""),
    ),
)

# Letters that Unicode decomposition leaves alone but a handle still needs spelled in ASCII.
_ASCII = str.maketrans({
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
    "þ": "th", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "ı": "i", "'": "",
})


def display(name: str) -> str:
    """The name as shown: underscores join multi-word surnames so the word lists stay simple."""
    return name.replace("_", " ")


def ascii_slug(name: str) -> str:
    """Lowercase ASCII letters only, for building handles: "Łukasz" -> "lukasz"."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_ASCII))
    return "".join(ch for ch in decomposed.lower() if "a" <= ch <= "z")
